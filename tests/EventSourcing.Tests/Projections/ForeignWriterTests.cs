using EventSourcing.Tests.Infrastructure;
using EventSourcing.Tests.Users;
using Grains.Interfaces;
using ReadModels.Hosting;
using ReadModels.Sqlite;
using RedisEventSourcing.Projections;
using RedisEventSourcing.Projections.DeadLetters;
using StackExchange.Redis;

namespace EventSourcing.Tests.Projections;

/// <summary>
/// Entries another program appends with plain XADD (following the contract: a known type, its
/// payload, the next _version) have no feed reference; they still reach every read model, through
/// the _resync marker the next grain write or <c>projections repair-feed</c> adds.
/// </summary>
[Collection(ReadSideCollection.Name)]
public sealed class ForeignWriterTests(ReadSideClusterFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private IProjectionAdminGrain Admin => fixture.Grains.GetGrain<IProjectionAdminGrain>(0);

    [Fact]
    public async Task a_plain_xadd_entry_followed_by_a_grain_command_gets_a_resync_marker_and_every_model_equals_the_fold_of_the_log()
    {
        var id = UserIds.New("foreign-cmd");
        var user = fixture.Grains.GetGrain<IUserGrain>(id);
        await user.Create("Fern", $"{id}@example.com");
        var renamed = await AddForeignAsync(id, "NameChanged", ("name", "Fern from elsewhere"));
        var emailed = await AddForeignAsync(id, "EmailUpdated", ("email", $"{id}@elsewhere.example"));

        var state = await user.ChangeAddress("1 Foreign Way");

        var feed = (await RawLog.EntriesAsync(fixture.Db, RawLog.FeedKey(id))).Where(e => e["_stream"] == RawLog.UserStreamKey(id)).ToList();
        Assert.Equal(["UserCreated", "EmailUpdated", "_resync", "AddressUpdated"], feed.Select(e => e["type"]));
        Assert.Equal((emailed, "4"), (feed[2]["_id"], feed[2]["_version"]));
        Assert.DoesNotContain(feed, e => e["_id"] == renamed);
        Assert.Equal(("Fern from elsewhere", $"{id}@elsewhere.example", "1 Foreign Way", 5), (state.Name, state.Email, state.Address, state.Version));
        await AssertModelsEqualAsync(state);
        Assert.Equal(id, (await Queries.FindByEmail($"{id}@elsewhere.example"))?.Id);
        Assert.Null(await Queries.FindByEmail($"{id}@example.com"));

        // The grain wrote its last entry itself now: the next command verifies nothing and adds no marker.
        await AssertModelsEqualAsync(await user.Rename("Fern Again"));
        Assert.Single(await RawLog.EntriesAsync(fixture.Db, RawLog.FeedKey(id)), e => e["_stream"] == RawLog.UserStreamKey(id) && e["type"] == "_resync");
    }

    [Fact]
    public async Task a_plain_xadd_entry_no_grain_touches_is_repaired_by_repair_feed_and_a_second_run_repairs_nothing()
    {
        var id = UserIds.New("foreign-repair");
        var partition = RawFeed.PartitionOf(id);
        var key = RawLog.UserStreamKey(id);
        var user = fixture.Grains.GetGrain<IUserGrain>(id);
        await user.Create("Rhea", $"{id}@example.com");
        await AddForeignAsync(id, "NameChanged", ("name", "Rhea Repaired"));
        await AddForeignAsync(id, "AddressUpdated", ("new_address", "2 Repair Street"));

        var first = await Admin.RepairFeed(partition);

        Assert.Contains(key, first.RepairedStreams);
        Assert.True(first.EntriesChecked >= 4, $"{first.EntriesChecked} entries checked");
        // The active grain has not read the foreign entries yet; time travel folds the log as it is.
        var folded = await user.GetStateAsOf(DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Equal(("Rhea Repaired", "2 Repair Street", 4), (folded.Name, folded.Address, folded.Version));
        await AssertModelsEqualAsync(folded);

        var second = await CliProcess.RunAsync(fixture.Cluster, "projections", "repair-feed", "--partition", partition.ToString(), "--json");
        Assert.True(second.ExitCode == 0, second.Stderr);
        Assert.Contains("\"streamsRepaired\": 0", second.Stdout);
        Assert.Single(await RawLog.EntriesAsync(fixture.Db, RawLog.FeedKey(id)), e => e["_stream"] == key && e["type"] == "_resync");
    }

    [Fact]
    public async Task a_garbled_plain_xadd_entry_inside_a_resync_is_dead_lettered_by_each_model_and_the_partition_goes_on()
    {
        var id = UserIds.New("foreign-garbled");
        var partition = RawFeed.PartitionOf(id);
        await fixture.Grains.GetGrain<IUserGrain>(id).Create("Gordon");
        var garbled = await AddForeignAsync(id, "UserTeleported", ("to", "Mars"));

        var repair = await Admin.RepairFeed(partition);
        var next = RawFeed.IdInPartition("foreign-after-garbled", partition);
        var after = await fixture.Grains.GetGrain<IUserGrain>(next).Create("Nell", $"{next}@example.com");

        Assert.Contains(RawLog.UserStreamKey(id), repair.RepairedStreams);
        var deadLetters = new DeadLetterStore(fixture.Multiplexer, "es");
        foreach (var projection in new[] { UserReadModelsServiceCollectionExtensions.RedisModelName, UserReadModelsServiceCollectionExtensions.SqlModelName })
        {
            var dead = await Eventually.SucceedsAsync(async () =>
                (await deadLetters.ListAsync(await fixture.LiveCopyAsync(projection), 100_000)).SingleOrDefault(d => d.Reference.StreamKey == RawLog.UserStreamKey(id)) ?? throw new InvalidOperationException("not yet"),
                Deadline, $"the dead letter of {projection}");
            Assert.Equal((FeedMarkers.Resync, garbled), (dead.Reference.Type, dead.Reference.StreamEntryId));
            Assert.Contains("unknown event type 'UserTeleported'", dead.Reason);
        }
        await AssertModelsEqualAsync(after);
        // The marker was not applied: the row is as the log was before the garbled entry.
        Assert.Equal(("Gordon", 1), ((await Queries.Get(id)).User?.Name, (await Queries.Get(id)).ModelVersion));
    }

    private IUserQueryGrain Queries => fixture.Grains.GetGrain<IUserQueryGrain>(0);

    /// <summary>Appends the next entry as the contract tells another program to: type, payload, _version = last + 1.</summary>
    private async Task<string> AddForeignAsync(string id, string type, params (string Name, string Value)[] payload)
    {
        var key = RawLog.UserStreamKey(id);
        var last = (await fixture.Db.StreamRangeAsync(key, "-", "+", 1, Order.Descending))[0];
        var version = (int)last["_version"] + 1;
        NameValueEntry[] fields = [new("type", type), new("id", id), .. payload.Select(p => new NameValueEntry(p.Name, p.Value)), new("_version", version)];
        return (string)(await fixture.Db.StreamAddAsync(key, fields))!;
    }

    /// <summary>The Redis model (through the queries) and the SQLite model hold the user exactly as <paramref name="state"/>, the grain's fold of its log.</summary>
    private async Task AssertModelsEqualAsync(UserView state)
    {
        using var sql = new SqliteUserReadModel(new SqliteUserReadModelOptions { FilePath = fixture.SqlitePath, Name = await fixture.LiveCopyAsync(UserReadModelsServiceCollectionExtensions.SqlModelName) });
        var expected = (state.Name, state.Email, state.Address, state.Deactivated, state.Version);
        await Eventually.SucceedsAsync(async () =>
        {
            var redis = (await Queries.Get(state.Id, waitMs: 0)).User;
            var row = await sql.GetAsync(state.Id);
            var fromRedis = (redis?.Name, redis?.Email, redis?.Address, redis?.Deactivated ?? false, redis?.Version ?? 0);
            var fromSql = (row?.Name, row?.Email, row?.Address, row?.Deactivated ?? false, row?.Version ?? 0);
            return fromRedis == expected && fromSql == expected ? true : throw new InvalidOperationException($"Redis model {fromRedis}, SQLite model {fromSql}, log {expected}");
        }, Deadline, $"user {state.Id} in both models");
    }
}
