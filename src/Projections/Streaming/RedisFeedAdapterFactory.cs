using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Providers.Streams.Common;
using Orleans.Streams;
using RedisEventSourcing.Projections.Options;

namespace RedisEventSourcing.Projections.Streaming;

/// <summary>
/// What Orleans' persistent stream provider asks for: the adapter (receivers, one per partition),
/// Orleans' simple in-memory cache, the one-queue-per-partition mapper, and the failure handler.
/// </summary>
public sealed class RedisFeedAdapterFactory(
    string name, RedisFeedStreamOptions options, SimpleQueueCacheOptions cacheOptions, IFeedStartPosition startPosition, ILoggerFactory loggerFactory)
    : IQueueAdapterFactory
{
    private readonly FeedQueueMapper _mapper = new(name, options.Partitions);
    private readonly SimpleQueueAdapterCache _cache = new(cacheOptions, name, loggerFactory);

    public static RedisFeedAdapterFactory Create(IServiceProvider services, string name) => new(
        name,
        services.GetOptionsByName<RedisFeedStreamOptions>(name),
        services.GetOptionsByName<SimpleQueueCacheOptions>(name),
        services.GetKeyedService<IFeedStartPosition>(name) ?? FeedStartFromBeginning.Instance,
        services.GetRequiredService<ILoggerFactory>());

    [Obsolete("Orleans calls the overload with a token.")]
    public Task<IQueueAdapter> CreateAdapter() => CreateAdapter(CancellationToken.None);

    /// <summary>Called as the silo starts: a partition count that differs from the event store's stops it.</summary>
    public async Task<IQueueAdapter> CreateAdapter(CancellationToken cancellationToken)
    {
        await FeedPartitionCount.CheckAsync(name, options).WaitAsync(cancellationToken);
        return new RedisFeedAdapter(name, options, startPosition, loggerFactory);
    }

    public IQueueAdapterCache GetQueueAdapterCache() => _cache;

    public IStreamQueueMapper GetStreamQueueMapper() => _mapper;

    // After MaxEventDeliveryTime of failed deliveries Orleans moves on; the consumer's checkpoint,
    // not this handler, is what lets it come back for the entry.
    public Task<IStreamFailureHandler> GetDeliveryFailureHandler(QueueId queueId) =>
        Task.FromResult<IStreamFailureHandler>(new NoOpStreamDeliveryFailureHandler());
}
