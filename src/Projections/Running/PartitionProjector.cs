using Microsoft.Extensions.Logging;
using RedisEventSourcing.Projections.DeadLetters;
using RedisEventSourcing.Projections.Diagnostics;

namespace RedisEventSourcing.Projections.Running;

/// <summary>
/// Applies one partition's feed references to every projection, each from its own checkpoint.
/// An entry a projection cannot apply (unresolvable, or its apply keeps failing for a reason other
/// than the store being unreachable) is retried, then sent to that projection's dead letters, and
/// the partition goes on. A store that is unreachable stops the batch with the error: nothing is
/// dead-lettered for an outage. One instance serves one partition at a time.
/// </summary>
/// <param name="traceApplies">
/// Start an <c>es.projection.apply</c> span per command trace the events carry (live pumps); a
/// rebuild passes false, so months-old traces do not grow spans when a copy is rebuilt.
/// </param>
public sealed class PartitionProjector(
    int partition,
    IReadOnlyList<IProjection> projections,
    FeedEventResolver resolver,
    DeadLetterStore deadLetters,
    ILogger logger,
    int maxAttempts = 3,
    bool traceApplies = true)
{
    private readonly HashSet<string> _categories = projections.Select(p => p.Category).ToHashSet(StringComparer.Ordinal);
    // Read by a pump's waiters while the pump writes it.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string?> _checkpoints = new(StringComparer.Ordinal);

    public int Partition => partition;

    public IReadOnlyList<IProjection> Projections => projections;

    /// <summary>The last feed entry id applied by <paramref name="projection"/>, as this projector last saw it.</summary>
    public async Task<string?> CheckpointAsync(IProjection projection)
    {
        if (!_checkpoints.TryGetValue(projection.Name, out var checkpoint))
            _checkpoints[projection.Name] = checkpoint = await projection.ReadCheckpointAsync(partition);
        return checkpoint;
    }

    /// <summary>Where the feed must be read from so every projection sees what it has not applied.</summary>
    public async Task<string?> StartAfterAsync()
    {
        var checkpoints = new List<string?>();
        foreach (var p in projections) checkpoints.Add(await CheckpointAsync(p));
        return FeedPosition.Earliest(checkpoints);
    }

    /// <summary>Forgets cached checkpoints (another reader may have moved them, e.g. after a rebalance).</summary>
    public void Forget() => _checkpoints.Clear();

    public async Task ProcessAsync(IReadOnlyList<FeedReference> references, CancellationToken cancellationToken = default)
    {
        if (references.Count == 0) return;
        var resolved = await resolver.ResolveAsync(references, _categories);
        // A group of events resolved from one feed entry (a _resync) is dead-lettered under that entry.
        var sources = new Dictionary<string, FeedReference>(StringComparer.Ordinal);
        foreach (var r in references) sources.TryAdd(r.FeedEntryId, r);
        foreach (var p in projections) await ApplyAsync(p, resolved, sources, cancellationToken);
    }

    private async Task ApplyAsync(IProjection p, IReadOnlyList<FeedEventResolver.Resolved> resolved, Dictionary<string, FeedReference> sources, CancellationToken cancellationToken)
    {
        var checkpoint = await CheckpointAsync(p);
        var run = new List<FeedEvent>();
        string? skippedThrough = null;
        foreach (var r in resolved)
        {
            if (!FeedPosition.IsAfter(r.Reference.FeedEntryId, checkpoint)) continue;
            if (r.Event is { } e)
            {
                run.Add(e);
                continue;
            }
            // Unresolvable for a category this projection reads (or a feed entry nobody can read).
            await FlushAsync(p, run, sources, cancellationToken);
            run.Clear();
            await DeadLetterAsync(p, r.Reference, r.Problem!, attempts: 1);
            skippedThrough = r.Reference.FeedEntryId;
        }
        if (run.Count > 0) await FlushAsync(p, run, sources, cancellationToken);
        else if (skippedThrough is not null) await MoveCheckpointAsync(p, skippedThrough, cancellationToken);
    }

    private async Task FlushAsync(IProjection p, List<FeedEvent> run, Dictionary<string, FeedReference> sources, CancellationToken cancellationToken)
    {
        if (run.Count == 0) return;
        var events = run.ToList();
        for (var attempt = 1; ; attempt++)
        {
            var spans = traceApplies ? ApplyTracing.Start(p.Name, partition, events) : null;
            try
            {
                await p.ApplyAsync(partition, events, events[^1].Reference.FeedEntryId, cancellationToken);
                ApplyTracing.Stop(spans);
                ProjectionLagMetric.Record(p.Name, events);
                ProjectionMetrics.Applied(p.Name, events);
                _checkpoints[p.Name] = events[^1].Reference.FeedEntryId;
                return;
            }
            catch (Exception e)
            {
                ApplyTracing.Stop(spans, e);
                // An unreachable store stops the batch: nothing is dead-lettered for an outage.
                if (ProjectionFailures.IsTransient(e)) throw;
                if (attempt < maxAttempts)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(20 * attempt), cancellationToken);
                    continue;
                }
                // Halves split only between feed entries: the checkpoint of a half that holds part of
                // an entry's group (a _resync) would mark the rest of that group applied.
                var groups = GroupStarts(events);
                if (groups.Count == 1)
                {
                    var feedEntryId = events[0].Reference.FeedEntryId;
                    logger.ApplyFailed(e, p.Name, partition, feedEntryId);
                    var source = events.Count > 1 && sources.TryGetValue(feedEntryId, out var s) ? s : events[0].Reference;
                    await DeadLetterAsync(p, source, e.Message, attempt, events[0].Metadata?.CorrelationId);
                    await MoveCheckpointAsync(p, feedEntryId, cancellationToken);
                    return;
                }
                var half = groups[groups.Count / 2];
                await FlushAsync(p, events[..half], sources, cancellationToken);
                await FlushAsync(p, events[half..], sources, cancellationToken);
                return;
            }
        }
    }

    /// <summary>Where each run of events sharing one feed entry id starts.</summary>
    private static List<int> GroupStarts(List<FeedEvent> events)
    {
        var starts = new List<int> { 0 };
        for (var i = 1; i < events.Count; i++)
            if (events[i].Reference.FeedEntryId != events[i - 1].Reference.FeedEntryId) starts.Add(i);
        return starts;
    }

    private async Task MoveCheckpointAsync(IProjection p, string feedEntryId, CancellationToken cancellationToken)
    {
        await p.ApplyAsync(partition, [], feedEntryId, cancellationToken);
        _checkpoints[p.Name] = feedEntryId;
    }

    private async Task DeadLetterAsync(IProjection p, FeedReference r, string reason, int attempts, string? correlationId = null)
    {
        logger.DeadLettered(p.Name, partition, r.FeedEntryId, r.StreamKey, r.StreamEntryId, r.Version, correlationId, reason);
        ProjectionMetrics.DeadLetters.Add(1, ProjectionMetrics.Projection(p.Name));
        await deadLetters.AddAsync(p.Name, r, reason, attempts);
    }
}
