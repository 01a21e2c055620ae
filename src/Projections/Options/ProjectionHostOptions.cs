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
    /// through the feed, a page of 20,000 writes a few times fewer rows than one of 1,000
    /// (bench/run-read.sh measures both). The Redis model still writes at most 500 rows per script call.
    /// </summary>
    public int RebuildPageSize { get; set; } = 20_000;

    /// <summary>Partitions a rebuild fills at the same time.</summary>
    public int RebuildParallelism { get; set; } = 4;
}
