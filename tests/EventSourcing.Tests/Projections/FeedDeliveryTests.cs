using System.Globalization;
using EventSourcing.Tests.Infrastructure;
using Grains.Interfaces;

namespace EventSourcing.Tests.Projections;

[Collection(FeedClusterCollection.Name)]
public sealed class FeedDeliveryTests(FeedClusterFixture fixture)
{
    [Fact]
    public async Task every_append_of_users_reaches_its_partition_consumer_in_feed_order_with_the_feed_fields()
    {
        var ids = Enumerable.Range(0, 12).Select(_ => $"feed-order-{Guid.NewGuid():N}").ToList();
        // Users written concurrently, so their references interleave in the feeds.
        await Task.WhenAll(ids.Select(async id =>
        {
            var user = fixture.Grains.GetGrain<IUserGrain>(id);
            await user.Create("Ada", $"{id}@example.com");
            await user.Rename("Ada Lovelace");
            await user.ChangeAddress("12 St James's Square");
            await user.Deactivate("moved on");
        }));
        var keys = ids.ToDictionary(id => RawLog.UserStreamKey(id, fixture.KeyPrefix), id => id);
        var partitions = ids.Select(id => RawFeed.PartitionOf(id)).Distinct().Order().ToList();
        var expected = new Dictionary<int, List<RedisEventSourcing.Projections.FeedReference>>();
        foreach (var partition in partitions)
            expected[partition] = await RawFeed.ReferencesAsync(fixture.Db, fixture.KeyPrefix, partition, keys.ContainsKey);
        Assert.Equal(ids.Count * 5, expected.Values.Sum(list => list.Count));

        await Eventually.TrueAsync(() => Task.FromResult(fixture.Received(r => keys.ContainsKey(r.StreamKey)).Count >= ids.Count * 5),
            TimeSpan.FromSeconds(20), "delivery of every reference");

        var received = fixture.Received(r => keys.ContainsKey(r.StreamKey));
        foreach (var partition in partitions)
            Assert.Equal(expected[partition], received.Where(r => r.Reference.Partition == partition).Select(r => r.Reference));
        Assert.All(received, r => Assert.Equal(r.Reference.FeedEntryId, r.TokenEntryId));
        foreach (var (key, id) in keys)
        {
            var stream = await RawLog.EntriesAsync(fixture.Db, key);
            Assert.Equal(
                stream.Select(e => (e["@id"], int.Parse(e["_version"], CultureInfo.InvariantCulture), e["type"])),
                received.Where(r => r.Reference.StreamKey == key).Select(r => (r.Reference.StreamEntryId, r.Reference.Version, r.Reference.Type)));
            Assert.Equal(["UserCreated", "EmailUpdated", "NameChanged", "AddressUpdated", "UserDeactivated"],
                received.Where(r => r.Reference.StreamKey == key).Select(r => r.Reference.Type));
        }
    }
}
