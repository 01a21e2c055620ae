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
}
