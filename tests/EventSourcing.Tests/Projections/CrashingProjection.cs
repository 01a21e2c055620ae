using RedisEventSourcing.Projections;

namespace EventSourcing.Tests.Projections;

/// <summary>Where a <see cref="CrashingProjection"/> stops its worker: before the apply reaches the store, or after it committed.</summary>
public enum CrashPoint
{
    BeforeCommit,
    AfterCommit,
}

/// <summary>
/// A real projection whose worker is killed around the commit: of the applies that hold an event
/// <paramref name="targets"/> picks, every <paramref name="every"/>-th one, <paramref name="crashes"/>
/// times, ends with <see cref="WorkerKilledException"/>, which stops the worker as a kill would (the
/// projector neither retries it nor dead-letters for it). Records every feed entry the real model
/// was handed, to show what was committed and how often.
/// </summary>
internal sealed class CrashingProjection(IProjection inner, CrashPoint point, int crashes, Func<FeedEvent, bool> targets, int every = 2) : IProjection
{
    private int _targeted;
    private int _crashesLeft = crashes;

    public string Name => inner.Name;

    public string Category => inner.Category;

    /// <summary>The feed entries the real model committed, in the order it committed them.</summary>
    public List<FeedReference> Committed { get; } = [];

    /// <summary>The batches the worker died on, with the partition's checkpoint as it was before each.</summary>
    public List<CrashedApply> Crashed { get; } = [];

    public Task<string?> ReadCheckpointAsync(int partition, CancellationToken cancellationToken = default) =>
        inner.ReadCheckpointAsync(partition, cancellationToken);

    public async Task ApplyAsync(int partition, IReadOnlyList<FeedEvent> events, string checkpoint, CancellationToken cancellationToken = default)
    {
        var crash = _crashesLeft > 0 && events.Any(targets) && ++_targeted % every == 0;
        if (crash)
        {
            _crashesLeft--;
            Crashed.Add(new(partition, events, await inner.ReadCheckpointAsync(partition, cancellationToken), checkpoint));
            if (point == CrashPoint.BeforeCommit) throw new WorkerKilledException(point);
        }
        await inner.ApplyAsync(partition, events, checkpoint, cancellationToken);
        Committed.AddRange(events.Select(e => e.Reference));
        if (crash) throw new WorkerKilledException(point);
    }

    public Task ResetAsync(CancellationToken cancellationToken = default) => inner.ResetAsync(cancellationToken);
}

/// <summary>An apply the worker died in: the checkpoint before it, and the one it was to commit.</summary>
internal sealed record CrashedApply(int Partition, IReadOnlyList<FeedEvent> Events, string? CheckpointBefore, string Checkpoint);

/// <summary>The worker stopped mid-apply (a cancellation: the projector lets it through, as it would a host shutting down).</summary>
internal sealed class WorkerKilledException(CrashPoint point) : OperationCanceledException($"worker killed {point}");
