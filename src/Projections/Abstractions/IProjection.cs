namespace RedisEventSourcing.Projections;

/// <summary>
/// A read model kept from the partition feeds. Its position is its own checkpoint per partition,
/// committed in the same transaction (or script) as the change it records, so a crash anywhere
/// leaves the model exact: what the checkpoint covers was applied, and nothing else.
/// </summary>
public interface IProjection
{
    /// <summary>Stable name: keys, tables and checkpoints carry it.</summary>
    string Name { get; }

    /// <summary>Which aggregates it reads (<c>user</c>); events of other categories only move its checkpoint.</summary>
    string Category { get; }

    /// <summary>The feed entry id of the last entry applied for this partition; null before the first.</summary>
    Task<string?> ReadCheckpointAsync(int partition, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies <paramref name="events"/> (all of one partition, in feed order, all after the
    /// checkpoint) and moves the partition's checkpoint to <paramref name="checkpoint"/>, all or
    /// nothing. An empty list only moves the checkpoint (past an entry sent to the dead letters).
    /// </summary>
    Task ApplyAsync(int partition, IReadOnlyList<FeedEvent> events, string checkpoint, CancellationToken cancellationToken = default);

    /// <summary>Drops every row and every checkpoint: the next apply starts from the beginning of the feeds.</summary>
    Task ResetAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// How many partitions' batches of this copy one silo applies at once (0: no limit). A store
    /// that pays per transaction (a SQL server's commit, its backend's wake-up) sets a few: the
    /// other partitions' pumps wait for a turn and meanwhile more of their feed arrives, so under
    /// load each turn applies a larger batch, and the store's cost per event falls as the load rises.
    /// </summary>
    int MaxConcurrentApplies => 0;

    /// <summary>Removes this copy from its store altogether (a replaced or abandoned copy); by default, <see cref="ResetAsync"/>.</summary>
    Task DropAsync(CancellationToken cancellationToken = default) => ResetAsync(cancellationToken);
}
