using EventSourcing.Tests.Infrastructure;
using EventSourcing.Tests.Users;
using Grains.Interfaces;
using ReadModels.Hosting;
using RedisEventSourcing.Projections.DeadLetters;

namespace EventSourcing.Tests.Projections;

/// <summary>Commands through the grains; queries through the read models the projections keep live.</summary>
[Collection(ReadSideCollection.Name)]
public sealed class LiveProjectionTests(ReadSideClusterFixture fixture)
{
    private IUserQueryGrain Queries => fixture.Grains.GetGrain<IUserQueryGrain>(0);

    [Fact]
    public async Task users_written_through_the_grains_reach_every_read_model_and_equal_a_fold_of_the_log()
    {
        var ids = Enumerable.Range(0, 20).Select(i => UserIds.New($"live{i}")).ToList();
        await Task.WhenAll(ids.Select(async (id, i) =>
        {
            var user = fixture.Grains.GetGrain<IUserGrain>(id);
            await user.Create($"Person {i}", $"{id}@example.com");
            await user.ChangeAddress($"{i} Projection Road");
            if (i % 3 == 0) await user.Rename($"Renamed {i}");
            if (i % 5 == 0) await user.Deactivate("left");
        }));

        foreach (var id in ids)
        {
            var state = await fixture.Grains.GetGrain<IUserGrain>(id).GetState();
            var found = await Eventually.SucceedsAsync(async () =>
            {
                var row = await Queries.FindByEmail(state.Email!);
                return row is not null && row.Version == state.Version ? row : throw new InvalidOperationException($"read model at {row?.Version}");
            }, TimeSpan.FromSeconds(20), $"user {id} in the Redis model");
            Assert.Equal((state.Name, state.Address, state.Deactivated), (found.Name, found.Address, found.Deactivated));
        }
        var searched = await Eventually.SucceedsAsync(async () =>
        {
            var rows = await Queries.Search("Projection Road", 100);
            return rows.Count(r => ids.Contains(r.Id)) == ids.Count ? rows : throw new InvalidOperationException($"{rows.Count} found");
        }, TimeSpan.FromSeconds(20), "every user in the search model");
        Assert.All(searched.Where(r => ids.Contains(r.Id)), r => Assert.EndsWith("Projection Road", r.Address));
    }

    [Fact]
    public async Task a_garbled_entry_written_with_plain_xadd_is_dead_lettered_by_each_projection_and_later_events_still_arrive()
    {
        var id = UserIds.New("livegarbled");
        await fixture.Grains.GetGrain<IUserGrain>(id).Create("Gabe");
        var key = RawLog.UserStreamKey(id);
        var bad = (string)(await fixture.Db.StreamAddAsync(key, [new("type", "UserTeleported"), new("id", id), new("_version", "2")]))!;
        await fixture.Db.StreamAddAsync(RawLog.FeedKey(id), [new("_stream", key), new("_id", bad), new("_version", "2"), new("type", "UserTeleported")]);
        var next = UserIds.New("livenext");
        while (RawLog.FeedKey(next) != RawLog.FeedKey(id)) next = UserIds.New("livenext");
        await fixture.Grains.GetGrain<IUserGrain>(next).Create("Nora", $"{next}@example.com");

        await Eventually.SucceedsAsync(async () => await Queries.FindByEmail($"{next}@example.com") ?? throw new InvalidOperationException("not yet"),
            TimeSpan.FromSeconds(20), "the event after the garbled one");
        // Through the admin grain: a projection's name means its live copy (another after a rebuild).
        var admin = fixture.Grains.GetGrain<RedisEventSourcing.Projections.IProjectionAdminGrain>(0);
        foreach (var projection in new[] { UserReadModelsServiceCollectionExtensions.RedisModelName, UserReadModelsServiceCollectionExtensions.SqlModelName })
        {
            var dead = await Eventually.SucceedsAsync(async () =>
            {
                var letters = await admin.DeadLetters(projection, 1000);
                return letters.SingleOrDefault(d => d.StreamEntryId == bad) ?? throw new InvalidOperationException("not yet");
            }, TimeSpan.FromSeconds(20), $"the dead letter of {projection}");
            Assert.Contains("unknown event type 'UserTeleported'", dead.Reason);
        }
    }

    [Fact]
    public async Task list_pages_through_the_users_in_id_order()
    {
        var prefix = $"list-{Guid.NewGuid():N}"[..13];
        var ids = Enumerable.Range(0, 5).Select(i => $"{prefix}-{i}").ToList();
        foreach (var id in ids) await fixture.Grains.GetGrain<IUserGrain>(id).Create(id);
        await Eventually.SucceedsAsync(async () => (await Queries.List(1000)).Count(r => ids.Contains(r.Id)) == 5 ? true : throw new InvalidOperationException("not yet"),
            TimeSpan.FromSeconds(20), "all five users listed");

        var first = await Queries.List(2, afterId: prefix);
        var second = await Queries.List(2, afterId: first[^1].Id);

        Assert.Equal(ids[..2], first.Select(r => r.Id));
        Assert.Equal(ids[2..4], second.Select(r => r.Id));
    }

    [Fact]
    public async Task projections_status_shows_every_partition_caught_up_and_the_cli_answers_from_the_read_models()
    {
        var id = UserIds.New("cli-read");
        await fixture.Grains.GetGrain<IUserGrain>(id).Create("Reade", $"{id}@example.com");
        var admin = fixture.Grains.GetGrain<RedisEventSourcing.Projections.IProjectionAdminGrain>(0);

        var status = await Eventually.SucceedsAsync(async () =>
        {
            var rows = await admin.Status();
            return rows.All(r => r.Behind == 0) ? rows : throw new InvalidOperationException($"{rows.Sum(r => r.Behind)} behind");
        }, TimeSpan.FromSeconds(20), "every projection caught up");
        var found = await CliProcess.RunAsync(fixture.Cluster, "users", "find", "--email", $"{id}@example.com", "--json");
        var searched = await CliProcess.RunAsync(fixture.Cluster, "users", "search", "Reade");
        var printed = await CliProcess.RunAsync(fixture.Cluster, "projections", "status");

        Assert.Equal(4 * 16, status.Count);
        Assert.All(status, r => Assert.Null(r.OldestUnappliedAge));
        Assert.True(found.ExitCode == 0, found.Stderr);
        Assert.Contains($"\"id\": \"{id}\"", found.Stdout);
        Assert.Contains(id, searched.Stdout);
        Assert.Contains("users_redis: 0 entries behind", printed.Stdout);
    }

    [Fact]
    public async Task a_query_asking_for_the_version_a_command_returned_reads_that_write_or_says_it_is_stale()
    {
        var id = UserIds.New("ryw");
        var user = fixture.Grains.GetGrain<IUserGrain>(id);
        await user.Create("Ryan");

        var renamed = await user.Rename("Ryan Reads");
        var read = await Queries.Get(id, atLeastVersion: renamed.Version);
        var beyond = await Queries.Get(id, atLeastVersion: renamed.Version + 5, waitMs: 50);

        Assert.False(read.Stale);
        Assert.Equal(("Ryan Reads", 2), (read.User!.Name, read.ModelVersion));
        Assert.True(beyond.Stale);
        Assert.Equal(2, beyond.ModelVersion);
        Assert.Equal(7, beyond.AskedVersion);
    }

    [Fact]
    public async Task dead_letters_of_a_projection_bug_are_replayed_after_the_fix_and_the_model_then_equals_the_fold()
    {
        var id = $"bug-{Guid.NewGuid():N}";
        var user = fixture.Grains.GetGrain<IUserGrain>(id);
        await user.Create("Bugsy", $"{id}@example.com");
        var state = await user.ChangeAddress("1 Patch Lane");
        var admin = fixture.Grains.GetGrain<RedisEventSourcing.Projections.IProjectionAdminGrain>(0);
        var dead = await Eventually.SucceedsAsync(async () =>
        {
            var letters = (await admin.DeadLetters(BuggyUntilFixedProjection.ProjectionName, 1000)).Where(d => d.StreamKey.EndsWith(id)).ToList();
            return letters.Count == 3 ? letters : throw new InvalidOperationException($"{letters.Count} dead letters");
        }, TimeSpan.FromSeconds(30), "the buggy projection's dead letters");
        Assert.All(dead, d => Assert.Contains("a bug", d.Reason));

        BuggyUntilFixedProjection.Fixed = true;
        var replay = await admin.ReplayDeadLetters(BuggyUntilFixedProjection.ProjectionName);

        Assert.True(replay.Cleared >= 3, $"cleared {replay.Cleared}; problems: {string.Join("; ", replay.Problems)}");
        Assert.DoesNotContain(await admin.DeadLetters(BuggyUntilFixedProjection.ProjectionName, 1000), d => d.StreamKey.EndsWith(id));
        var buggy = new BuggyUntilFixedProjection(fixture.Multiplexer).Model;
        var row = await buggy.GetAsync(id);
        Assert.Equal(("Bugsy", $"{id}@example.com", "1 Patch Lane", state.Version), (row!.Name, row.Email, row.Address, row.Version));
    }
}
