using Grains.Users;
using Microsoft.Extensions.Logging.Abstractions;
using RedisEventSourcing.Projections;
using RedisEventSourcing.Projections.DeadLetters;
using RedisEventSourcing.Projections.Running;
using StackExchange.Redis;

namespace EventSourcing.Tests.Projections;

/// <summary>Drives projections over every partition feed to its end by direct reads (no stream provider).</summary>
internal sealed class FeedCatchUp(IConnectionMultiplexer redis, params IProjection[] projections)
{
    public const int Partitions = 16;
    private readonly FeedReader _reader = new(redis, "es");

    public DeadLetterStore DeadLetters { get; } = new(redis, "es");

    public PartitionProjector Projector(int partition) => new(partition, projections,
        new FeedEventResolver(redis, new Dictionary<string, Type> { ["user"] = typeof(UserEvent) }), DeadLetters, NullLogger.Instance);

    /// <summary>Applies everything the feeds hold now; returns the number of feed entries read.</summary>
    public async Task<int> RunAsync(int pageSize = 200)
    {
        var read = 0;
        for (var p = 0; p < Partitions; p++) read += await RunAsync(Projector(p), pageSize);
        return read;
    }

    public async Task<int> RunAsync(PartitionProjector projector, int pageSize = 200)
    {
        var read = 0;
        var after = await projector.StartAfterAsync();
        while (true)
        {
            var page = await _reader.ReadAfterAsync(projector.Partition, after, pageSize);
            if (page.Count == 0) return read;
            await projector.ProcessAsync(page);
            read += page.Count;
            after = page[^1].FeedEntryId;
        }
    }
}
