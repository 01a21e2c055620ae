using EventSourcing.Tests.Infrastructure;
using RedisEventSourcing.Projections;

namespace EventSourcing.Tests.Projections;

[Collection(FeedClusterCollection.Name)]
public sealed class FeedStartPositionTests(FeedClusterFixture fixture)
{
    [Fact]
    public async Task a_reader_starts_after_the_entry_its_start_position_names()
    {
        const int partition = FeedClusterFixture.SeededPartition;
        // Entry ids are unique within a feed only: another partition may hold the same id.
        bool Seeded(FeedReference r) => r.Partition == partition && fixture.Seeded.Contains(r.FeedEntryId);

        // One reader per partition, in feed order: once the last entry is in, nothing before it can follow.
        await Eventually.TrueAsync(() => Task.FromResult(fixture.Received(r => Seeded(r) && r.FeedEntryId == fixture.Seeded[^1]).Count > 0),
            TimeSpan.FromSeconds(20), "delivery of the last seeded entry");

        Assert.Equal(fixture.Seeded.Skip(2), fixture.Received(Seeded).Select(r => r.Reference.FeedEntryId));
    }

    [Fact]
    public async Task a_partition_without_a_start_position_is_read_from_its_first_entry()
    {
        const int partition = FeedClusterFixture.UnpositionedSeededPartition;
        bool Seeded(FeedReference r) => r.Partition == partition && fixture.SeededUnpositioned.Contains(r.FeedEntryId);

        await Eventually.TrueAsync(() => Task.FromResult(fixture.Received(r => Seeded(r) && r.FeedEntryId == fixture.SeededUnpositioned[^1]).Count > 0),
            TimeSpan.FromSeconds(20), "delivery of the last seeded entry");

        Assert.Equal(fixture.SeededUnpositioned, fixture.Received(Seeded).Select(r => r.Reference.FeedEntryId));
    }
}
