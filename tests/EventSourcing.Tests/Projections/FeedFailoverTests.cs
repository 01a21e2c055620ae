using EventSourcing.Tests.Infrastructure;
using Grains.Interfaces;
using RedisEventSourcing.Projections;

namespace EventSourcing.Tests.Projections;

[Collection(TwoSiloFeedClusterCollection.Name)]
public sealed class FeedFailoverTests(TwoSiloFeedClusterFixture fixture)
{
    private const int Partitions = FeedClusterFixture.Partitions;

    [Fact]
    public async Task when_a_silo_stops_the_other_reads_its_partitions_and_no_reference_is_lost()
    {
        // The ring balancer gives each silo part of the partitions, never one partition to both for long.
        await Eventually.TrueAsync(async () => await fixture.RunningReadersAsync() is [> 0, > 0] readers && readers.Sum() == Partitions,
            TimeSpan.FromSeconds(30), "both silos reading part of the partitions");
        var before = await CreateOneUserPerPartitionAsync("failover-before");
        await WaitForAsync(before);

        await fixture.Cluster.StopSiloAsync(fixture.Cluster.SecondarySilos[0]);
        await Eventually.TrueAsync(async () => await fixture.RunningReadersAsync() is [Partitions],
            TimeSpan.FromSeconds(30), "the remaining silo reading every partition");
        var after = await CreateOneUserPerPartitionAsync("failover-after");
        await WaitForAsync(after);

        foreach (var (partition, key) in after)
            Assert.Equal(await ExpectedAsync(partition, key), fixture.Received(r => r.StreamKey == key).Select(r => r.Reference));
        // A partition that changed hands is read again from its start position (here the feed's
        // first entry): references may come twice, which the consumers' checkpoints absorb, but in order.
        foreach (var (partition, key) in before)
            Assert.Equal(await ExpectedAsync(partition, key), fixture.Received(r => r.StreamKey == key).Select(r => r.Reference).Distinct());
    }

    private async Task<Dictionary<int, string>> CreateOneUserPerPartitionAsync(string test)
    {
        var keys = new Dictionary<int, string>();
        for (var partition = 0; partition < Partitions; partition++)
        {
            var id = RawFeed.IdInPartition(test, partition);
            await fixture.Grains.GetGrain<IUserGrain>(id).Create("Hopper", $"{id}@example.com");
            keys[partition] = RawLog.UserStreamKey(id, fixture.KeyPrefix);
        }
        return keys;
    }

    private Task WaitForAsync(Dictionary<int, string> keys) =>
        Eventually.TrueAsync(() => Task.FromResult(keys.Values.All(key => fixture.Received(r => r.StreamKey == key).Count >= 2)),
            TimeSpan.FromSeconds(30), "delivery in every partition");

    private Task<List<FeedReference>> ExpectedAsync(int partition, string key) =>
        RawFeed.ReferencesAsync(fixture.Db, fixture.KeyPrefix, partition, stream => stream == key);
}
