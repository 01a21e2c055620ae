namespace RedisEventSourcing.Projections.Operations;

/// <summary>How far one projection's live copy is behind the partition feeds, at its worst partition.</summary>
/// <param name="Copy">The copy queries read now (the projection's name for its first copy).</param>
/// <param name="OldestUnapplied">How long the oldest entry it has not applied has waited (feed entry id time, i.e. the Redis clock); null when caught up on every partition.</param>
/// <param name="Partition">The partition that entry is on; null when caught up.</param>
/// <param name="PartitionsBehind">How many partitions have entries after its checkpoint.</param>
public sealed record ProjectionLag(string Projection, string Copy, TimeSpan? OldestUnapplied, int? Partition, int PartitionsBehind);
