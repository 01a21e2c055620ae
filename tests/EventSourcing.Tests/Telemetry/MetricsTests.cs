using EventSourcing.Tests.Infrastructure;
using Grains.Interfaces;
using RedisEventSourcing;
using StackExchange.Redis;

namespace EventSourcing.Tests.Telemetry;

/// <summary>
/// The metrics carry the right values for a known workload, read as an OpenTelemetry exporter sees
/// them (in-memory exporter, through the silo's own telemetry registration). Each test compares
/// readings taken before and after its workload.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class MetricsTests(TelemetryClusterFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task creates_and_renames_count_every_event_each_append_and_each_projected_event_once()
    {
        await fixture.ProjectionsIdleAsync();
        var before = fixture.ReadMetrics();
        var ids = Enumerable.Range(0, 3).Select(i => Id($"workload{i}")).ToArray();
        foreach (var id in ids) await fixture.Grains.GetGrain<IUserGrain>(id).Create("Ann", $"{id}@example.com"); // 2 events each
        foreach (var id in ids.Take(2))
        {
            await fixture.Grains.GetGrain<IUserGrain>(id).Rename("Anne");
            await fixture.Grains.GetGrain<IUserGrain>(id).Rename("Annie");
        }
        const int appends = 3 + 4, events = 3 * 2 + 4;

        // The projection is asynchronous: wait until it has applied all, then check it applied no more.
        await Eventually.TrueAsync(() => Task.FromResult(Applied(fixture.ReadMetrics()) - Applied(before) >= events), Deadline, "the projection applying the workload");
        await fixture.ProjectionsIdleAsync();
        var after = fixture.ReadMetrics();

        Assert.Equal(events, after.Counter("es.events.appended") - before.Counter("es.events.appended"));
        Assert.Equal(appends, after.Counter("es.appends", ("outcome", "appended")) - before.Counter("es.appends", ("outcome", "appended")));
        Assert.Equal(appends, after.Histogram("es.append.duration", ("outcome", "appended")).Count - before.Histogram("es.append.duration", ("outcome", "appended")).Count);
        // Every append rode in some script call: the streams the calls carried add up to the appends.
        Assert.Equal(appends, after.Histogram("es.append.streams_per_call").Sum - before.Histogram("es.append.streams_per_call").Sum);
        // One in-flight reading per script call; the commands went one after another, so each call went alone.
        var calls = after.Histogram("es.append.streams_per_call").Count - before.Histogram("es.append.streams_per_call").Count;
        Assert.Equal(calls, after.Histogram("es.append.calls_in_flight").Count - before.Histogram("es.append.calls_in_flight").Count);
        Assert.Equal(calls, after.Histogram("es.append.calls_in_flight").Sum - before.Histogram("es.append.calls_in_flight").Sum);
        Assert.Equal(events, Applied(after) - Applied(before));
        Assert.Equal(events, after.Histogram("es.projection.lag", ("projection", "users_redis")).Count - before.Histogram("es.projection.lag", ("projection", "users_redis")).Count);
        Assert.Equal(0, after.Counter("es.append.conflicts") - before.Counter("es.append.conflicts"));
        Assert.Equal(0, after.Counter("es.projection.dead_letters") - before.Counter("es.projection.dead_letters"));
        Assert.Equal("s", after.Unit("es.append.duration"));
        Assert.Equal("s", after.Unit("es.projection.lag"));
    }

    [Fact]
    public async Task an_entry_appended_behind_the_grains_back_makes_one_conflict_and_the_retry_lands()
    {
        var id = Id("conflict");
        var user = fixture.Grains.GetGrain<IUserGrain>(id);
        await user.Create("Frank");
        await fixture.Db.StreamAddAsync(RawLog.UserStreamKey(id), [new("type", "NameChanged"), new("id", id), new("name", "Franklin"), new("_version", "2")]);
        var before = fixture.ReadMetrics();

        await user.ChangeEmail("frank@example.com");

        var after = fixture.ReadMetrics();
        Assert.Equal(1, after.Counter("es.append.conflicts") - before.Counter("es.append.conflicts"));
        Assert.Equal(1, after.Counter("es.appends", ("outcome", "conflict")) - before.Counter("es.appends", ("outcome", "conflict")));
        Assert.Equal(1, after.Counter("es.appends", ("outcome", "appended")) - before.Counter("es.appends", ("outcome", "appended")));
        Assert.Equal(1, after.Counter("es.events.appended") - before.Counter("es.events.appended"));
        // The writer caught up with the other writer's event before deciding again.
        Assert.Equal(1, after.Counter("es.events.replayed") - before.Counter("es.events.replayed"));
    }

    [Fact]
    public async Task an_unreadable_entry_counts_one_corrupt_read_error()
    {
        var id = Id("corrupt");
        var user = fixture.Grains.GetGrain<IUserGrain>(id);
        await user.Create("Olga");
        await fixture.Db.StreamAddAsync(RawLog.UserStreamKey(id), [new("type", "NameChanged"), new("id", id), new("name", "O"), new("_version", "7")]);
        await fixture.DeactivateAllAsync();
        var before = fixture.ReadMetrics();

        await Assert.ThrowsAsync<EventStreamCorruptException>(() => user.GetState());

        var after = fixture.ReadMetrics();
        var corrupt = new[] { ("error.type", "corrupt"), ("operation", "read") };
        Assert.Equal(1, after.Counter("es.store.errors", corrupt) - before.Counter("es.store.errors", corrupt));
        Assert.Equal(1, after.Counter("es.store.errors") - before.Counter("es.store.errors"));
    }

    [Fact]
    public async Task reactivation_replays_the_events_after_the_snapshot_and_counts_snapshot_hits_and_misses()
    {
        var small = fixture.Grains.GetGrain<IUserGrain>(Id("replay-small"));
        await small.Create("Sam", "sam@example.com");
        await small.Rename("Samuel"); // 3 events: under SnapshotEvery, no snapshot
        var large = fixture.Grains.GetGrain<IUserGrain>(Id("replay-large"));
        await large.Create("Lou");
        for (var i = 1; i <= TelemetryClusterFixture.SnapshotEvery; i++) await large.Rename($"Lou {i}"); // 6 events: a snapshot at 5
        await Eventually.TrueAsync(async () => await fixture.Db.KeyExistsAsync(SnapshotKey(large.GetPrimaryKeyString())), Deadline, "the snapshot at version 5");
        await fixture.DeactivateAllAsync();
        var before = fixture.ReadMetrics();

        await small.GetState();
        await large.GetState();

        var after = fixture.ReadMetrics();
        var miss = ("snapshot", "miss");
        var hit = ("snapshot", "hit");
        Assert.Equal((1L, 3.0), Delta(before.Histogram("es.replay.events", miss), after.Histogram("es.replay.events", miss)));
        Assert.Equal((1L, 1.0), Delta(before.Histogram("es.replay.events", hit), after.Histogram("es.replay.events", hit)));
        Assert.Equal(2, after.Histogram("es.replay.duration").Count - before.Histogram("es.replay.duration").Count);
        Assert.Equal(1, after.Counter("es.snapshot.reads", ("outcome", "miss")) - before.Counter("es.snapshot.reads", ("outcome", "miss")));
        Assert.Equal(1, after.Counter("es.snapshot.reads", ("outcome", "hit")) - before.Counter("es.snapshot.reads", ("outcome", "hit")));
        Assert.Equal(3 + 1, after.Counter("es.events.replayed") - before.Counter("es.events.replayed"));
    }

    private static long Applied(MetricReadings readings) => TelemetryClusterFixture.Applied(readings);

    private static (long, double) Delta((long Count, double Sum) before, (long Count, double Sum) after) => (after.Count - before.Count, after.Sum - before.Sum);

    private static string Id(string test) => $"{test}-{Guid.NewGuid():N}";

    private static RedisKey SnapshotKey(string id) => RawLog.UserStreamKey(id).Replace(":user:", ":snap:user:");
}
