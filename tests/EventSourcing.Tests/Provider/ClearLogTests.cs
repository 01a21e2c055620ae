using EventSourcing.Tests.Infrastructure;
using EventSourcing.Tests.Provider.TestGrains;

namespace EventSourcing.Tests.Provider;

[Collection(ClusterCollection.Name)]
public sealed class ClearLogTests(ClusterFixture fixture)
{
    [Fact]
    public async Task clearing_deletes_the_stream_and_snapshot_marks_the_feed_and_the_log_starts_again_at_version_one()
    {
        var id = $"clear-{Guid.NewGuid():N}";
        var counter = fixture.Grains.GetGrain<ICounterGrain>(id);
        for (var i = 1; i <= ClusterFixture.SnapshotEvery + 1; i++) await counter.Add(i);
        var key = BackgroundWriteTests.CounterKey(id);
        var snapshotKey = key.Replace(":counter:", ":snap:counter:");
        await Eventually.TrueAsync(() => fixture.Db.KeyExistsAsync(snapshotKey), TimeSpan.FromSeconds(10), "the snapshot");
        var lastId = (await RawLog.EntriesAsync(fixture.Db, key))[^1]["@id"];

        await counter.Clear();

        Assert.Equal((0, 0), await counter.Get());
        Assert.False(await fixture.Db.KeyExistsAsync(key));
        Assert.False(await fixture.Db.KeyExistsAsync(snapshotKey));
        var marker = (await RawLog.EntriesAsync(fixture.Db, RawLog.FeedKey(id))).Last(e => e["_stream"] == key);
        Assert.Equal("_cleared", marker["type"]);
        Assert.Equal((ClusterFixture.SnapshotEvery + 1).ToString(), marker["_version"]);
        Assert.Equal(lastId, marker["_id"]);

        Assert.Equal(5, await counter.Add(5));
        Assert.Equal((5, 1), await counter.Get());
        await fixture.DeactivateAllAsync();
        Assert.Equal((5, 1), await counter.Get());
        Assert.Equal(["1"], (await RawLog.EntriesAsync(fixture.Db, key)).Select(e => e["_version"]));
    }

    [Fact]
    public async Task events_raised_before_the_clear_are_discarded_with_it()
    {
        var id = $"clearpending-{Guid.NewGuid():N}";
        var counter = fixture.Grains.GetGrain<ICounterGrain>(id);
        await counter.Add(1);

        await counter.RaiseThenClear(50);
        await counter.Add(2);

        Assert.Equal((2, 1), await counter.Get());
        Assert.Equal(["2"], (await RawLog.EntriesAsync(fixture.Db, BackgroundWriteTests.CounterKey(id))).Select(e => e["amount"]));
    }

    [Fact]
    public async Task writes_racing_with_a_clear_all_complete_and_the_log_stays_contiguous()
    {
        var id = $"clearrace-{Guid.NewGuid():N}";
        var counter = fixture.Grains.GetGrain<IReentrantCounterGrain>(id);
        await counter.Add(1);

        var adds = Enumerable.Range(1, 20).Select(i => (Task)counter.Add(i)).ToList();
        adds.Insert(10, counter.Clear());
        await Task.WhenAll(adds);

        var entries = await RawLog.EntriesAsync(fixture.Db, RawLog.UserStreamKey(id).Replace(":user:", ":reentrantcounter:"));
        var (total, version) = await counter.Get();
        Assert.Equal(Enumerable.Range(1, entries.Count).Select(v => v.ToString()), entries.Select(e => e["_version"]));
        Assert.Equal(entries.Count, version);
        Assert.Equal(entries.Sum(e => int.Parse(e["amount"])), total);
    }
}
