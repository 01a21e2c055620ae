namespace RedisEventSourcing.Projections;

/// <summary>
/// What operators ask of the projections running in the cluster: where each one is per partition
/// and what it could not apply. Any instance answers (a stateless worker): call it with key 0.
/// </summary>
public interface IProjectionAdminGrain : IGrainWithIntegerKey
{
    /// <summary>Every projection's checkpoint, lag and dead letters, per partition.</summary>
    Task<IReadOnlyList<ProjectionPartitionStatus>> Status();

    /// <summary>The oldest dead letters of one projection.</summary>
    Task<IReadOnlyList<DeadLetterView>> DeadLetters(string projection, int limit = 100);

    /// <summary>
    /// After a fix: derives each dead-lettered aggregate again from its whole stream, in its
    /// partition's grain; the dead letters of aggregates that now fold cleanly are removed.
    /// </summary>
    Task<DeadLetterReplayResult> ReplayDeadLetters(string projection);

    /// <summary>
    /// Finds stream entries the partition feeds do not refer to (another program's plain
    /// <c>XADD</c>) and appends a <c>_resync</c> marker for each such stream, so the projections
    /// derive it again. <paramref name="partition"/> null: every partition.
    /// </summary>
    Task<FeedRepairResult> RepairFeed(int? partition = null);
}

/// <summary>What a dead-letter replay did: letters cleared, and why the others stay.</summary>
[GenerateSerializer, Immutable]
public sealed record DeadLetterReplayResult([property: Id(0)] int Cleared, [property: Id(1)] IReadOnlyList<string> Problems);

/// <summary>One projection on one partition feed.</summary>
/// <param name="Checkpoint">The last feed entry id it applied (null: nothing yet).</param>
/// <param name="Behind">Feed entries after the checkpoint (counted up to 1,000: a status read stays cheap; 1,000 means at least that).</param>
/// <param name="OldestUnappliedAge">How long the first entry after the checkpoint has waited; null when caught up.</param>
/// <param name="Copy">The copy these figures are of (the projection's name for its first copy).</param>
/// <param name="Role"><c>live</c> (what queries read), or a blue/green rebuild: <c>building</c>, then <c>following</c>.</param>
[GenerateSerializer, Immutable]
public sealed record ProjectionPartitionStatus(
    [property: Id(0)] string Projection,
    [property: Id(1)] int Partition,
    [property: Id(2)] string? Checkpoint,
    [property: Id(3)] int Behind,
    [property: Id(4)] TimeSpan? OldestUnappliedAge,
    [property: Id(5)] long DeadLetters,
    [property: Id(6)] string Copy,
    [property: Id(7)] string Role);

/// <summary>A feed entry a projection sent to its dead letters, and why.</summary>
[GenerateSerializer, Immutable]
public sealed record DeadLetterView(
    [property: Id(0)] string Id,
    [property: Id(1)] int Partition,
    [property: Id(2)] string FeedEntryId,
    [property: Id(3)] string StreamKey,
    [property: Id(4)] string StreamEntryId,
    [property: Id(5)] int Version,
    [property: Id(6)] string Type,
    [property: Id(7)] string Reason,
    [property: Id(8)] int Attempts);
