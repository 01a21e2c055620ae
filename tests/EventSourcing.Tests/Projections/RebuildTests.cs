using System.Globalization;
using EventSourcing.Tests.Infrastructure;
using EventSourcing.Tests.Users;
using Grains.Interfaces;
using ReadModels.Hosting;
using ReadModels.Redis;
using RedisEventSourcing.Projections;
using StackExchange.Redis;

namespace EventSourcing.Tests.Projections;

/// <summary>
/// Blue/green rebuilds and copies as of an instant, against the read-side cluster: a rebuilt copy
/// equals the live one, queries switch to it in one step, writes during the rebuild are not lost,
/// and an interrupted rebuild never disturbs the live copy.
/// </summary>
[Collection(ReadSideCollection.Name)]
public sealed class RebuildTests(ReadSideClusterFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private IUserQueryGrain Queries => fixture.Grains.GetGrain<IUserQueryGrain>(0);

    private IProjectionRebuildGrain Rebuilds(string projection) => fixture.Grains.GetGrain<IProjectionRebuildGrain>(projection);

    [Fact]
    public async Task a_blue_green_rebuild_of_each_users_model_equals_the_live_copy_and_queries_switch_to_it()
    {
        var ids = await WriteUsersAsync("bg", 24);
        await CaughtUpAsync();
        var before = await AllAsync();
        var searchedBefore = await Queries.Search("Rebuild Street", 1000);
        var oldRedis = await LiveCopyAsync(UserReadModelsServiceCollectionExtensions.RedisModelName);

        var redis = await FinishedAsync(UserReadModelsServiceCollectionExtensions.RedisModelName, await Rebuilds(UserReadModelsServiceCollectionExtensions.RedisModelName).Start(new RebuildRequest()));
        var cli = await CliProcess.RunAsync(fixture.Cluster, "projections", "rebuild", UserReadModelsServiceCollectionExtensions.SqlModelName);

        Assert.Equal(("done", oldRedis), (redis.Phase, redis.Replaced));
        Assert.NotEqual(oldRedis, redis.Copy);
        Assert.Equal(redis.Copy, await LiveCopyAsync(UserReadModelsServiceCollectionExtensions.RedisModelName));
        Assert.True(cli.ExitCode == 0, cli.Stderr);
        Assert.Contains($"{UserReadModelsServiceCollectionExtensions.SqlModelName} now reads", cli.Stdout);
        Assert.True(redis.Applied > ids.Count, $"applied {redis.Applied}");
        Assert.Equal(before, await AllAsync());
        Assert.Equal(searchedBefore.OrderBy(r => r.Id), (await Queries.Search("Rebuild Street", 1000)).OrderBy(r => r.Id));
        Assert.Equal(0, await KeyCountAsync(oldRedis));
    }

    [Fact]
    public async Task a_rebuild_under_concurrent_writes_loses_nothing()
    {
        var ids = await WriteUsersAsync("busy", 12, deactivateSome: false);
        using var stop = new CancellationTokenSource();
        var writes = 0;
        var writer = Task.Run(async () =>
        {
            for (var round = 0; !stop.IsCancellationRequested; round++)
            {
                await Task.WhenAll(ids.Select(id => fixture.Grains.GetGrain<IUserGrain>(id).Rename($"Busy {round}")));
                Interlocked.Add(ref writes, ids.Count);
            }
        });

        var done = await FinishedAsync(UserReadModelsServiceCollectionExtensions.RedisModelName, await Rebuilds(UserReadModelsServiceCollectionExtensions.RedisModelName).Start(new RebuildRequest()));
        await stop.CancelAsync();
        await writer;

        Assert.Equal("done", done.Phase);
        Assert.True(writes > 0);
        foreach (var id in ids)
        {
            var state = await fixture.Grains.GetGrain<IUserGrain>(id).GetState();
            var read = await Queries.Get(id, atLeastVersion: state.Version, waitMs: 10_000);
            Assert.False(read.Stale, $"{id}: the model has v{read.ModelVersion}, the log v{state.Version}");
            Assert.Equal((state.Name, state.Version), (read.User!.Name, read.User.Version));
        }
    }

    [Fact]
    public async Task an_interrupted_rebuild_leaves_the_live_copy_serving_and_is_then_resumed_or_abandoned()
    {
        await WriteUsersAsync("gate", 4);
        var gated = Rebuilds(GatedRebuildProjection.ProjectionName);
        var live = await LiveCopyAsync(GatedRebuildProjection.ProjectionName);
        GatedRebuildProjection.LiveCopy = live;
        GatedRebuildProjection.Close();
        try
        {
            var started = await gated.Start(new RebuildRequest());
            var interrupted = await gated.Interrupt();
            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => gated.Start(new RebuildRequest()));
            // The live copy goes on following the log while the rebuild is parked.
            var later = (await WriteUsersAsync("gate-later", 1))[0];
            var liveRow = await Eventually.SucceedsAsync(async () =>
                await new RedisUserReadModel(fixture.Multiplexer, new RedisUserReadModelOptions { Name = live }).GetAsync(later) ?? throw new InvalidOperationException("not yet"),
                Deadline, "the new user in the live copy");

            Assert.Equal(("interrupted", started.Copy), (interrupted.Phase, interrupted.Copy));
            Assert.Contains("interrupted", refused.Message);
            Assert.Equal(live, await LiveCopyAsync(GatedRebuildProjection.ProjectionName));
            Assert.Contains(await gated.Copies(), c => c.Copy == started.Copy && c.Role == "building");
            Assert.Equal(later, liveRow.Id);

            await gated.Start(new RebuildRequest(Resume: true));
            GatedRebuildProjection.Open();
            var resumed = await FinishedAsync(GatedRebuildProjection.ProjectionName, started);
            Assert.Equal("done", resumed.Phase);
            Assert.Equal(started.Copy, await LiveCopyAsync(GatedRebuildProjection.ProjectionName));
            GatedRebuildProjection.LiveCopy = started.Copy!;
            Assert.NotNull(await new RedisUserReadModel(fixture.Multiplexer, new RedisUserReadModelOptions { Name = started.Copy! }).GetAsync(later));

            GatedRebuildProjection.Close();
            var second = await gated.Start(new RebuildRequest());
            await gated.Abandon();
            Assert.DoesNotContain(await gated.Copies(), c => c.Copy == second.Copy);
            Assert.Equal(0, await KeyCountAsync(second.Copy!));
            Assert.Equal(started.Copy, await LiveCopyAsync(GatedRebuildProjection.ProjectionName));
        }
        finally
        {
            GatedRebuildProjection.Open();
        }
    }

    [Fact]
    public async Task a_copy_as_of_an_instant_answers_queries_beside_the_live_copy_until_dropped()
    {
        var id = UserIds.New("asof");
        var user = fixture.Grains.GetGrain<IUserGrain>(id);
        await user.Create("Asta Before", $"{id}@example.com");
        var created = (await fixture.Db.StreamRangeAsync(RawLog.UserStreamKey(id)))[^1].Id.ToString();
        var instant = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(created.Split('-')[0], CultureInfo.InvariantCulture));
        // Everything after this waits for the server clock to pass the instant, so it lands after it.
        await Eventually.TrueAsync(async () => ServerMs(await fixture.Db.ExecuteAsync("TIME")) > instant.ToUnixTimeMilliseconds(),
            Deadline, "the server clock passing the instant");
        await user.Rename("Asta After");
        var newcomer = UserIds.New("asof-new");
        await fixture.Grains.GetGrain<IUserGrain>(newcomer).Create("Newt");
        var redisCopy = $"users_redis_asof_{Guid.NewGuid():N}"[..30];
        var sqlCopy = $"users_asof_{Guid.NewGuid():N}"[..24];

        var redis = await FinishedAsync(UserReadModelsServiceCollectionExtensions.RedisModelName,
            await Rebuilds(UserReadModelsServiceCollectionExtensions.RedisModelName).Start(new RebuildRequest(instant, redisCopy)));
        var asOf = await Queries.Get(id, copy: redisCopy, waitMs: 0);
        var now = await Queries.Get(id, atLeastVersion: 3, waitMs: 10_000);
        var listed = await Queries.List(1000, copy: redisCopy);
        var noSearch = await Assert.ThrowsAsync<InvalidOperationException>(() => Queries.Search("Asta", 10, redisCopy));
        var cliBuild = await CliProcess.RunAsync(fixture.Cluster, "projections", "rebuild", UserReadModelsServiceCollectionExtensions.SqlModelName,
            "--as-of", instant.ToString("O", CultureInfo.InvariantCulture), "--copy", sqlCopy);
        var cliSearch = await CliProcess.RunAsync(fixture.Cluster, "users", "search", "Asta", "--copy", sqlCopy, "--json");
        var cliCopies = await CliProcess.RunAsync(fixture.Cluster, "projections", "copies", UserReadModelsServiceCollectionExtensions.SqlModelName);
        var cliDrop = await CliProcess.RunAsync(fixture.Cluster, "projections", "drop-copy", UserReadModelsServiceCollectionExtensions.RedisModelName, redisCopy);

        Assert.Equal(("done", instant), (redis.Phase, redis.AsOf));
        Assert.Equal(("Asta Before", 2), (asOf.User!.Name, asOf.ModelVersion));
        Assert.Equal("Asta After", now.User!.Name);
        Assert.Contains(listed, r => r.Id == id);
        Assert.DoesNotContain(listed, r => r.Id == newcomer);
        Assert.Contains("without search", noSearch.Message);
        Assert.True(cliBuild.ExitCode == 0, cliBuild.Stderr);
        Assert.Contains($"{sqlCopy} is ready", cliBuild.Stdout);
        Assert.Contains("Asta Before", cliSearch.Stdout);
        Assert.DoesNotContain("Asta After", cliSearch.Stdout);
        Assert.Contains(sqlCopy, cliCopies.Stdout);
        Assert.True(cliDrop.ExitCode == 0, cliDrop.Stderr);
        await Assert.ThrowsAsync<ArgumentException>(() => Queries.Get(id, copy: redisCopy, waitMs: 0));
        Assert.Equal(0, await KeyCountAsync(redisCopy));
    }

    private async Task<List<string>> WriteUsersAsync(string prefix, int count, bool deactivateSome = true)
    {
        var ids = Enumerable.Range(0, count).Select(i => UserIds.New($"{prefix}{i}")).ToList();
        await Task.WhenAll(ids.Select(async (id, i) =>
        {
            var user = fixture.Grains.GetGrain<IUserGrain>(id);
            await user.Create($"Person {i}", $"{id}@example.com");
            await user.ChangeAddress($"{i} Rebuild Street");
            if (i % 3 == 0) await user.Rename($"Renamed {i}");
            if (deactivateSome && i % 4 == 0) await user.Deactivate("left");
        }));
        return ids;
    }

    private async Task CaughtUpAsync() =>
        await Eventually.TrueAsync(async () => (await fixture.Grains.GetGrain<IProjectionAdminGrain>(0).Status()).All(r => r.Behind == 0), Deadline, "every projection caught up");

    private async Task<List<UserSummary>> AllAsync(string? copy = null)
    {
        var all = new List<UserSummary>();
        while (true)
        {
            var page = await Queries.List(1000, all.Count == 0 ? null : all[^1].Id, copy);
            all.AddRange(page);
            if (page.Count < 1000) return all;
        }
    }

    private async Task<string> LiveCopyAsync(string projection) =>
        (await Rebuilds(projection).Copies()).Single(c => c.Role == "live").Copy;

    private async Task<RebuildProgress> FinishedAsync(string projection, RebuildProgress started) =>
        await Eventually.SucceedsAsync(async () =>
        {
            var p = await Rebuilds(projection).Progress();
            return p.Copy == started.Copy && !p.Running ? p : throw new InvalidOperationException($"{p.Copy} {p.Phase} {p.Applied}/{p.Total}");
        }, Deadline, $"the rebuild of {projection}") is { Phase: "failed" } failed
            ? throw new Xunit.Sdk.XunitException($"the rebuild of {projection} failed: {failed.Error}")
            : await Rebuilds(projection).Progress();

    private static long ServerMs(RedisResult time)
    {
        var parts = (RedisResult[])time!;
        return long.Parse((string)parts[0]!, CultureInfo.InvariantCulture) * 1000 + long.Parse((string)parts[1]!, CultureInfo.InvariantCulture) / 1000;
    }

    private async Task<int> KeyCountAsync(string copy)
    {
        var server = fixture.Multiplexer.GetServers()[0];
        var count = 0;
        await foreach (var _ in server.KeysAsync(pattern: $"rm:{{{copy}}}:*")) count++;
        return count;
    }
}
