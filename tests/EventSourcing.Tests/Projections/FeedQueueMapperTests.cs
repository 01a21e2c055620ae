using Orleans.Runtime;
using Orleans.Streams;
using RedisEventSourcing.Projections.Streaming;

namespace EventSourcing.Tests.Projections;

public sealed class FeedQueueMapperTests
{
    private readonly FeedQueueMapper mapper = new("feeds", 16);

    [Fact]
    public void there_is_exactly_one_queue_per_partition_and_a_feed_stream_goes_to_its_partitions_queue()
    {
        var queues = mapper.GetAllQueues().ToList();

        Assert.Equal(Enumerable.Range(0, 16), queues.Select(FeedQueueMapper.PartitionOf));
        Assert.Equal(16, queues.Distinct().Count());
        for (var partition = 0; partition < 16; partition++)
            Assert.Equal(queues[partition], mapper.GetQueueForStream(FeedStream.IdOf(partition)));
        Assert.Equal("es-feed", FeedStream.IdOf(7).GetNamespace());
        Assert.Equal("07", FeedStream.IdOf(7).GetKeyAsString());
    }

    [Theory]
    [InlineData("es-feed", "7")]
    [InlineData("es-feed", "16")]
    [InlineData("es-feed", "x1")]
    [InlineData("other", "07")]
    public void a_stream_that_is_not_a_partition_feed_is_refused(string ns, string key)
    {
        var error = Assert.Throws<ArgumentException>(() => mapper.GetQueueForStream(StreamId.Create(ns, key)));

        Assert.Contains("not a partition feed", error.Message);
    }

    [Fact]
    public void the_queues_spread_over_the_consistent_ring_so_silos_share_the_partitions()
    {
        var halves = new[] { RangeFactory.CreateRange(0, uint.MaxValue / 2), RangeFactory.CreateRange(uint.MaxValue / 2, 0) };

        var owned = halves.Select(range => mapper.GetQueuesForRange(range).Select(FeedQueueMapper.PartitionOf).ToList()).ToList();

        Assert.Equal(Enumerable.Range(0, 16), owned.SelectMany(p => p).Order());
        Assert.All(owned, partitions => Assert.Equal(8, partitions.Count));
    }

    [Theory]
    [InlineData("5-10", "5-9")]
    [InlineData("6-0", "5-99")]
    [InlineData("1700000000000-0", "999-0")]
    public void sequence_tokens_order_as_redis_orders_entry_ids(string newer, string older)
    {
        Assert.True(FeedSequenceToken.TryParse(newer, out var a));
        Assert.True(FeedSequenceToken.TryParse(older, out var b));

        Assert.True(a.Newer(b));
        Assert.True(b.Older(a));
        Assert.Equal(newer, a.EntryId);
        Assert.Equal(a, FeedSequenceToken.TryParse(newer, out var again) ? again : null);
    }
}
