namespace RedisEventSourcing.Options;

/// <summary>Which grains' appends may share one append script call (group commit).</summary>
public enum AppendGrouping
{
    /// <summary>Any grains' on a standalone Redis; one partition's on Redis Cluster or a proxy.</summary>
    Auto,

    /// <summary>Only one partition's (one hash slot), whatever the server.</summary>
    PerPartition,
}
