using EventSourcing.Tests.Infrastructure;
using EventSourcing.Tests.Provider.TestGrains;
using RedisEventSourcing.Projections;
using StackExchange.Redis;

namespace EventSourcing.Tests.Projections;

[Collection(FeedClusterCollection.Name)]
public sealed class FeedMarkerTests(FeedClusterFixture fixture)
{
    [Fact]
    public async Task a_cleared_log_reaches_the_consumer_as_a_cleared_marker_between_the_old_and_the_new_events()
    {
        var id = $"feed-clear-{Guid.NewGuid():N}";
        var partition = RawFeed.PartitionOf(id);
        var key = $"{fixture.KeyPrefix}:{{p{partition:D2}}}:counter:{id}";
        var counter = fixture.Grains.GetGrain<ICounterGrain>(id);
        await counter.Add(1);
        await counter.Add(2);
        await counter.Clear();
        await counter.Add(3);
        var expected = await RawFeed.ReferencesAsync(fixture.Db, fixture.KeyPrefix, partition, stream => stream == key);

        await Eventually.TrueAsync(() => Task.FromResult(fixture.Received(r => r.StreamKey == key).Count >= 4),
            TimeSpan.FromSeconds(20), "delivery of the clear and the events around it");

        var received = fixture.Received(r => r.StreamKey == key).Select(r => r.Reference).ToList();
        Assert.Equal(expected, received);
        Assert.Equal(["Added", "Added", FeedMarkers.Cleared, "Added"], received.Select(r => r.Type));
        Assert.Equal([1, 2, 2, 1], received.Select(r => r.Version));
        // The marker names the last entry cleared, so a reader drops exactly what it derived up to there.
        Assert.Equal(received[1].StreamEntryId, received[2].StreamEntryId);
    }

    [Fact]
    public async Task malformed_feed_entries_are_delivered_as_malformed_with_their_raw_ids_and_the_partition_goes_on()
    {
        const int partition = 9;
        var feedKey = fixture.FeedKey(partition);
        var stray = $"{fixture.KeyPrefix}:{{p09}}:stray:{Guid.NewGuid():N}";
        // Written by another program: a reference without _id and _version, one with a version that is not a number, one with nothing we know.
        var missing = (string)(await fixture.Db.StreamAddAsync(feedKey, [new("_stream", stray), new("type", "Whatever")]))!;
        var badVersion = (string)(await fixture.Db.StreamAddAsync(feedKey, [new("_stream", stray), new("_id", "1-0"), new("_version", "two"), new("type", "Whatever")]))!;
        var empty = (string)(await fixture.Db.StreamAddAsync(feedKey, [new NameValueEntry("note", "hello")]))!;
        var id = RawFeed.IdInPartition("feed-after-malformed", partition);
        var userKey = RawLog.UserStreamKey(id, fixture.KeyPrefix);
        await fixture.Grains.GetGrain<Grains.Interfaces.IUserGrain>(id).Create("Grace");
        var ours = new HashSet<string> { missing, badVersion, empty };

        await Eventually.TrueAsync(() => Task.FromResult(fixture.Received(r => r.StreamKey == userKey).Count > 0),
            TimeSpan.FromSeconds(20), "delivery of the event appended after the malformed entries");

        var received = fixture.Received(r => (r.Partition == partition && ours.Contains(r.FeedEntryId)) || r.StreamKey == userKey).Select(r => r.Reference).ToList();
        Assert.Equal([
            new FeedReference(partition, missing, stray, "", 0, FeedMarkers.Malformed),
            new FeedReference(partition, badVersion, stray, "1-0", 0, FeedMarkers.Malformed),
            new FeedReference(partition, empty, "", "", 0, FeedMarkers.Malformed),
        ], received.Take(3));
        Assert.Equal("UserCreated", received.Last().Type);
        Assert.Equal(4, received.Count);
    }
}
