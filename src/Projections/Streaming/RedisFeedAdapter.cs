using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Streams;
using RedisEventSourcing.Projections.Options;
using RedisEventSourcing.Storage;

namespace RedisEventSourcing.Projections.Streaming;

/// <summary>
/// The queue adapter: read-only (the append script is the only writer of a feed) and not
/// rewindable (a consumer resumes from its own checkpoint through <see cref="IFeedStartPosition"/>,
/// not from an Orleans token).
/// </summary>
internal sealed class RedisFeedAdapter(
    string name, RedisFeedStreamOptions options, IFeedStartPosition startPosition, ILoggerFactory loggerFactory) : IQueueAdapter
{
    private readonly StreamKeys _keys = new(options.KeyPrefix, options.Partitions);

    public string Name { get; } = name;

    public bool IsRewindable => false;

    public StreamProviderDirection Direction => StreamProviderDirection.ReadOnly;

    public IQueueAdapterReceiver CreateReceiver(QueueId queueId)
    {
        var partition = FeedQueueMapper.PartitionOf(queueId);
        var feedKey = _keys.Feed(partition);
        var logger = loggerFactory.CreateLogger($"{typeof(RedisFeedReceiver).FullName}.{Name}");
        return new RedisFeedReceiver(partition, feedKey, options, startPosition, logger);
    }

    public Task QueueMessageBatchAsync<T>(StreamId streamId, IEnumerable<T> events, StreamSequenceToken? token, Dictionary<string, object>? requestContext) =>
        throw new NotSupportedException($"Feed stream provider '{Name}' is read-only: feeds are written by the event store's append script, with the events.");
}
