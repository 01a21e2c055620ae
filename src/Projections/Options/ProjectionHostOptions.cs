using StackExchange.Redis;

namespace RedisEventSourcing.Projections.Options;

/// <summary>How a silo runs its projections: which feeds, which event types, which Redis.</summary>
public sealed class ProjectionHostOptions
{
    /// <summary>The feed stream provider (registered with <c>AddRedisFeedStreams</c>) the projections subscribe to.</summary>
    public string StreamProviderName { get; set; } = "es-feeds";

    /// <summary>The event store's key prefix: the feeds are <c>{prefix}:{pNN}:feed</c>, dead letters <c>{prefix}:projections:...</c>.</summary>
    public string KeyPrefix { get; set; } = "es";

    /// <summary>The event store's partition count (one feed each).</summary>
    public int Partitions { get; set; } = 16;

    /// <summary>The event store's Redis (feeds and streams are read from it).</summary>
    public ConfigurationOptions? ConfigurationOptions { get; set; }

    /// <summary>The event base type of each aggregate category the projections read (<c>user</c> → <c>UserEvent</c>).</summary>
    public Dictionary<string, Type> EventTypes { get; } = new(StringComparer.Ordinal);

    /// <summary>Feed entries read per page when a projection catches up from its checkpoint.</summary>
    public int CatchUpPageSize { get; set; } = 500;

    /// <summary>
    /// Feed entries a rebuild reads and applies at once per partition. Large, because a copy being
    /// built folds each user's events of the page into one row write: with users' events spread
    /// through the feed, a larger page writes fewer rows (bench/run-read.sh: the Redis model rebuilt
    /// 1M events 1.3x faster at 50,000 than at 20,000, same run). The cost is memory: a page's events
    /// are held decoded, about 0.5 KB each, so a rebuild holds up to this × <see cref="RebuildParallelism"/>
    /// of them (50,000 × 4 ≈ 100 MB). The Redis model still writes at most 500 rows per script call.
    /// </summary>
    public int RebuildPageSize { get; set; } = 50_000;

    /// <summary>Partitions a rebuild fills at the same time.</summary>
    public int RebuildParallelism { get; set; } = 4;
}
