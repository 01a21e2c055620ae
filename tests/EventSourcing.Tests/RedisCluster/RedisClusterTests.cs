using EventSourcing.Tests.Infrastructure;
using Grains.Interfaces;
using ReadModels.Hosting;
using RedisEventSourcing;
using RedisEventSourcing.Projections;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace EventSourcing.Tests.RedisCluster;

/// <summary>
/// The event store and the read side, unchanged, on a real Redis Cluster of 3 masters and 3
/// replicas: the key design holds (a partition's keys in one slot, partitions spread over the
/// masters, group commit per partition), grains work, and the projections equal the log.
/// </summary>
[Collection(RedisClusterCollection.Name)]
public sealed class RedisClusterTests(RedisClusterFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private IUserQueryGrain Queries => fixture.Grains.GetGrain<IUserQueryGrain>(0);

    [Fact]
    public async Task every_partitions_stream_snapshot_and_feed_share_one_slot_and_the_partitions_spread_over_all_three_masters()
    {
        var keys = fixture.Keys;
        var topology = await fixture.Redis.TopologyAsync();
        var ownerOfPartition = new Dictionary<int, int>();
        foreach (var id in ClusterUsers.InEveryPartition(keys, "slots", perPartition: 1))
        {
            var partition = keys.PartitionOf(id);
            var feedSlot = await fixture.Redis.KeySlotAsync(keys.Feed(partition));
            Assert.Equal(feedSlot, await fixture.Redis.KeySlotAsync(keys.Stream("user", id)));
            Assert.Equal(feedSlot, await fixture.Redis.KeySlotAsync(keys.Snapshot("user", id)));
            ownerOfPartition[partition] = topology.Single(n => n.IsMaster && n.Serves(feedSlot)).Port;
        }

        output.WriteLine(string.Join(", ", ownerOfPartition.Select(kv => $"p{kv.Key:D2}→:{kv.Value}")));
        Assert.Equal(fixture.Keys.Partitions, ownerOfPartition.Count);
        Assert.Equal(3, ownerOfPartition.Values.Distinct().Count());
    }

    [Fact]
    public async Task the_redis_read_models_keys_share_one_slot_per_copy()
    {
        var name = UserReadModelsServiceCollectionExtensions.RedisModelName;
        string[] keys = [$"rm:{{{name}}}:checkpoints", $"rm:{{{name}}}:email", $"rm:{{{name}}}:ids", $"rm:{{{name}}}:email-at", $"rm:{{{name}}}:user:anyone"];
        var slots = new HashSet<int>();
        foreach (var key in keys) slots.Add(await fixture.Redis.KeySlotAsync(key));

        Assert.Single(slots);
    }

    [Fact]
    public async Task the_cluster_refuses_a_script_whose_keys_span_two_partitions_so_the_store_groups_appends_per_partition()
    {
        var (p0, p1) = (fixture.Keys.Feed(0), fixture.Keys.Feed(1));
        Assert.NotEqual(await fixture.Redis.KeySlotAsync(p0), await fixture.Redis.KeySlotAsync(p1));

        // The control: the server refuses a cross-slot script (the client library refuses it even before
        // sending), so the concurrent-append test would fail if the store ever sent one.
        var master = await fixture.Redis.MasterOfSlotAsync(await fixture.Redis.KeySlotAsync(p0));
        var refused = await fixture.Redis.AskAsync(master.Port, $"EVAL \"return 1\" 2 {p0} {p1}");
        await Assert.ThrowsAsync<RedisCommandException>(() => fixture.Db.ScriptEvaluateAsync("return 1", [p0, p1]));
        output.WriteLine(refused);
        Assert.StartsWith("ERR:CROSSSLOT", refused);
        Assert.False(fixture.EventStoreConnection.ScriptsMaySpanSlots);
    }

    [Fact]
    public async Task concurrent_commands_to_users_of_every_partition_in_one_group_commit_window_all_land_once()
    {
        var ids = ClusterUsers.InEveryPartition(fixture.Keys, "burst", perPartition: 8);

        // All at once: many appends queue per partition and go together, one script call per partition's batch.
        var created = await Task.WhenAll(ids.Select(id => fixture.Grains.GetGrain<IUserGrain>(id).Create($"Burst {id[^4..]}", $"{id}@example.com")));
        var renamed = await Task.WhenAll(ids.Select(id => fixture.Grains.GetGrain<IUserGrain>(id).Rename("Renamed")));

        Assert.All(created, v => Assert.Equal(2, v.Version));
        Assert.All(renamed, v => Assert.Equal(3, v.Version));
        foreach (var id in ids)
        {
            var log = await ClusterUsers.RawLogAsync(fixture.Db, fixture.Keys, id);
            Assert.Equal([1, 2, 3], log.Select(e => e.Version));
            Assert.Equal(["UserCreated", "EmailUpdated", "NameChanged"], log.Select(e => e.Type));
        }
        // Each feed holds one reference per event of its own partition's users only.
        foreach (var partition in Enumerable.Range(0, fixture.Keys.Partitions))
        {
            var feed = await fixture.Db.StreamRangeAsync(fixture.Keys.Feed(partition));
            var mine = ids.Where(id => fixture.Keys.PartitionOf(id) == partition).Select(id => fixture.Keys.Stream("user", id)).ToHashSet();
            Assert.Equal(mine.Count * 3, feed.Count(e => mine.Contains(e["_stream"].ToString())));
            Assert.All(feed, e => Assert.Equal(partition, fixture.Keys.PartitionOf(e["_stream"].ToString().Split(':', 4)[3])));
        }
    }

    [Fact]
    public async Task a_user_is_created_renamed_and_read_back_after_deactivation_with_snapshots_history_and_time_travel()
    {
        var id = ClusterUsers.InEveryPartition(fixture.Keys, "life", perPartition: 1)[5];
        var user = fixture.Grains.GetGrain<IUserGrain>(id);
        await user.Create("Ada", "ada@example.com");
        // As of the creation's millisecond; the renames land in later ones.
        var createdMs = long.Parse((await fixture.Db.StreamRangeAsync(fixture.Keys.Stream("user", id), "-", "+", 1, Order.Descending))[0].Id.ToString().Split('-')[0],
            System.Globalization.CultureInfo.InvariantCulture);
        await fixture.EventStoreConnection.WaitUntilServerTimePassesAsync(createdMs);
        var instant = DateTimeOffset.FromUnixTimeMilliseconds(createdMs);
        for (var i = 1; i <= 7; i++) await user.Rename($"Ada {i}");

        await fixture.DeactivateAllAsync();
        var state = await user.GetState();
        var history = await user.GetHistory();
        var atVersion = await user.GetStateAtVersion(3);
        var asOf = await user.GetStateAsOf(instant);

        Assert.Equal(("Ada 7", 9, "ada@example.com"), (state.Name, state.Version, state.Email));
        Assert.Equal(9, history.Count);
        Assert.Equal("Ada 1", atVersion.Name);
        Assert.Equal(("Ada", 2), (asOf.Name, asOf.Version));
        // SnapshotEvery = 5: the snapshot lives beside the stream, in its slot.
        Assert.True(await fixture.Db.KeyExistsAsync(fixture.Keys.Snapshot("user", id)));
        Assert.Equal("Ada 7", ClusterUsers.FoldName(await ClusterUsers.RawLogAsync(fixture.Db, fixture.Keys, id)));
    }

    [Fact]
    public async Task clearing_a_log_on_the_cluster_deletes_its_stream_and_snapshot_and_marks_its_partitions_feed()
    {
        var id = $"clear-{Guid.NewGuid():N}";
        var counter = fixture.Grains.GetGrain<EventSourcing.Tests.Provider.TestGrains.ICounterGrain>(id);
        for (var i = 1; i <= 6; i++) await counter.Add(i);
        var (stream, snapshot) = (fixture.Keys.Stream("counter", id), fixture.Keys.Snapshot("counter", id));
        await Eventually.TrueAsync(() => fixture.Db.KeyExistsAsync(snapshot), Deadline, "the snapshot (SnapshotEvery = 5)");

        await counter.Clear();

        Assert.Equal((0, 0), await counter.Get());
        Assert.False(await fixture.Db.KeyExistsAsync(stream));
        Assert.False(await fixture.Db.KeyExistsAsync(snapshot));
        var marker = (await fixture.Db.StreamRangeAsync(fixture.Keys.FeedOf(id), "-", "+", 20, Order.Descending)).First(e => e["_stream"] == stream);
        Assert.Equal(("_cleared", "6"), (marker["type"].ToString(), marker["_version"].ToString()));
        await counter.Add(7);
        Assert.Equal((7, 1), await counter.Get());
    }

    [Fact]
    public async Task the_projections_bring_the_redis_and_sqlite_models_to_the_fold_of_the_log_and_park_what_they_cannot_apply()
    {
        var ids = ClusterUsers.InEveryPartition(fixture.Keys, "fold", perPartition: 2);
        await Task.WhenAll(ids.Select(async (id, i) =>
        {
            var user = fixture.Grains.GetGrain<IUserGrain>(id);
            await user.Create($"Fold {i}", $"{id}@example.com");
            await user.Rename($"Fold {i} again");
            if (i % 3 == 0) await user.ChangeAddress($"{i} Cluster Road");
        }));
        var foreign = ids[1];
        var (entryId, feedId) = await AddForeignEntryAsync(foreign);

        foreach (var id in ids)
        {
            var log = await ClusterUsers.RawLogAsync(fixture.Db, fixture.Keys, id);
            var version = log.Where(e => e.Type != "Mystery").Max(e => e.Version);
            var redis = await Queries.Get(id, atLeastVersion: version, waitMs: 10_000);
            var sql = await Queries.Get(id, atLeastVersion: version, waitMs: 10_000, copy: UserReadModelsServiceCollectionExtensions.SqlModelName);
            Assert.False(redis.Stale || sql.Stale, $"{id}: redis v{redis.ModelVersion}, sql v{sql.ModelVersion}, log v{version}");
            Assert.Equal((ClusterUsers.FoldName(log), version), (redis.User!.Name, redis.User.Version));
            Assert.Equal(redis.User, sql.User! with { UpdatedAt = redis.User.UpdatedAt });
            Assert.Equal(id, (await Queries.FindByEmail($"{id}@example.com"))!.Id);
        }
        var dead = await Eventually.SucceedsAsync(async () =>
            (await fixture.Grains.GetGrain<IProjectionAdminGrain>(0).DeadLetters(UserReadModelsServiceCollectionExtensions.RedisModelName))
                .Single(d => d.StreamEntryId == entryId), Deadline, "the foreign entry parked in the dead letters");
        Assert.Equal((feedId, "Mystery"), (dead.FeedEntryId, dead.Type));
    }

    [Fact]
    public async Task a_blue_green_rebuild_of_the_redis_model_on_the_cluster_equals_the_live_copy()
    {
        var ids = ClusterUsers.InEveryPartition(fixture.Keys, "rebuild", perPartition: 2);
        await Task.WhenAll(ids.Select(id => fixture.Grains.GetGrain<IUserGrain>(id).Create("Before rebuild", $"{id}@example.com")));
        foreach (var id in ids) Assert.False((await Queries.Get(id, atLeastVersion: 2, waitMs: 10_000)).Stale);
        var before = await Task.WhenAll(ids.Select(id => Queries.Get(id)));
        var rebuilds = fixture.Grains.GetGrain<IProjectionRebuildGrain>(UserReadModelsServiceCollectionExtensions.RedisModelName);
        var old = (await rebuilds.Copies()).Single(c => c.Role == "live").Copy;

        var started = await rebuilds.Start(new RebuildRequest());
        var done = await Eventually.SucceedsAsync(async () =>
        {
            var p = await rebuilds.Progress();
            return p.Copy == started.Copy && !p.Running ? p : throw new InvalidOperationException($"{p.Copy} {p.Phase} {p.Applied}/{p.Total}");
        }, Deadline, "the rebuild");

        Assert.Equal(("done", old), (done.Phase, done.Replaced));
        Assert.Equal(started.Copy, (await rebuilds.Copies()).Single(c => c.Role == "live").Copy);
        var after = await Task.WhenAll(ids.Select(id => Queries.Get(id)));
        Assert.Equal(before.Select(r => (r.User!.Id, r.User.Name, r.User.Email, r.User.Version)), after.Select(r => (r.User!.Id, r.User.Name, r.User.Email, r.User.Version)));
        Assert.Equal(await fixture.Redis.KeySlotAsync($"rm:{{{started.Copy}}}:checkpoints"), await fixture.Redis.KeySlotAsync($"rm:{{{started.Copy}}}:user:{ids[0]}"));
        // The replaced copy is dropped: its keys are gone from every master.
        var left = 0;
        foreach (var server in fixture.Multiplexer.GetServers().Where(s => !s.IsReplica))
            await foreach (var _ in server.KeysAsync(pattern: $"rm:{{{old}}}:*")) left++;
        Assert.Equal(0, left);
    }

    /// <summary>Another program's entry with a type nobody registered, and its feed reference, with plain XADD.</summary>
    private async Task<(string EntryId, string FeedId)> AddForeignEntryAsync(string id)
    {
        var stream = fixture.Keys.Stream("user", id);
        var last = (await fixture.Db.StreamRangeAsync(stream, "-", "+", 1, Order.Descending))[0];
        var version = (int)last["_version"] + 1;
        var entryId = (await fixture.Db.StreamAddAsync(stream, [new("type", "Mystery"), new("_version", version)])).ToString();
        var feedId = (await fixture.Db.StreamAddAsync(fixture.Keys.FeedOf(id),
            [new("_stream", stream), new("_id", entryId), new("_version", version), new("type", "Mystery")])).ToString();
        return (entryId, feedId);
    }
}
