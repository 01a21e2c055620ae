using System.Globalization;
using EventSourcing.Tests.Infrastructure;
using EventSourcing.Tests.Provider.TestGrains;
using RedisEventSourcing.Projections.Streaming;
using Xunit.Abstractions;

namespace EventSourcing.Tests.Projections;

[Collection(FeedClusterCollection.Name)]
public sealed class FeedLatencyTests(FeedClusterFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task appends_made_one_at_a_time_each_reach_the_subscriber_and_the_observed_latency_is_reported()
    {
        const int count = 40;
        var id = $"feed-latency-{Guid.NewGuid():N}";
        var counter = fixture.Grains.GetGrain<ICounterGrain>(id);
        var key = $"{fixture.KeyPrefix}:{{p{RawFeed.PartitionOf(id):D2}}}:counter:{id}";

        // Each append waits for the one before to arrive, so most find the reader idle in its
        // blocking read or between two pulling-agent turns: the path a quiet system takes.
        for (var version = 1; version <= count; version++)
        {
            await counter.Add(version);
            var expected = version;
            await Eventually.TrueAsync(() => Task.FromResult(fixture.Received(r => r.StreamKey == key).Count == expected),
                TimeSpan.FromSeconds(10), $"delivery of version {version}");
        }

        var received = fixture.Received(r => r.StreamKey == key);
        Assert.Equal(Enumerable.Range(1, count), received.Select(r => r.Reference.Version));
        Assert.All(received, r => Assert.Equal("Added", r.Reference.Type));
        // Latency from the append in Redis (the entry id's time) to delivery; Redis runs on this host, one clock.
        var latencies = received
            .Select(r => r.ReceivedAtMs - (FeedSequenceToken.TryParse(r.Reference.FeedEntryId, out var token) ? token.Milliseconds : 0))
            .Order().ToList();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"feed delivery latency over {count} appends: p50 {latencies[count / 2]} ms, p90 {latencies[count * 9 / 10]} ms, max {latencies[^1]} ms"));
    }
}
