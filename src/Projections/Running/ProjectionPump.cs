using Microsoft.Extensions.Logging;

namespace RedisEventSourcing.Projections.Running;

/// <summary>
/// Keeps one projection copy of one partition moving towards a target feed position, on its own:
/// it reads the feed from the copy's checkpoint up to the target in pages and applies them. A slow
/// store (a SQL commit per batch) therefore never holds back a fast one (the Redis model), and
/// batches grow by themselves when a store falls behind: everything delivered meanwhile is one
/// page, one transaction. Runs on its grain's scheduler; one page at a time.
/// </summary>
internal sealed partial class ProjectionPump(PartitionProjector projector, FeedReader reader, int pageSize, ILogger logger)
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(5);

    private string? _target;
    private Task _running = Task.CompletedTask;
    private TimeSpan _retry = FirstRetry;
    private bool _stopped;

    public IProjection Projection => projector.Projections[0];

    /// <summary>The last failure, until a page applies again.</summary>
    public Exception? LastError { get; private set; }

    /// <summary>Moves the target to <paramref name="feedEntryId"/> (never back) and starts pumping if idle.</summary>
    public void Advance(string feedEntryId)
    {
        if (_target is null || FeedPosition.IsAfter(feedEntryId, _target)) _target = feedEntryId;
        if (_running.IsCompleted && !_stopped) _running = PumpAsync();
    }

    /// <summary>Waits until the copy has applied up to <paramref name="feedEntryId"/>; throws the failure that stops it.</summary>
    public async Task ReachAsync(string feedEntryId)
    {
        Advance(feedEntryId);
        while (true)
        {
            await _running;
            if (!FeedPosition.IsAfter(feedEntryId, await projector.CheckpointAsync(Projection))) return;
            if (LastError is { } error) throw new InvalidOperationException($"Projection {Projection.Name} of partition {projector.Partition} is stuck before {feedEntryId}: {error.Message}", error);
            if (_stopped) throw new InvalidOperationException($"Projection {Projection.Name} of partition {projector.Partition} is paused.");
            if (_running.IsCompleted) _running = PumpAsync();
        }
    }

    /// <summary>Lets the page in progress finish and starts no other until <see cref="Resume"/>.</summary>
    public async Task PauseAsync()
    {
        _stopped = true;
        await _running;
    }

    public void Resume()
    {
        _stopped = false;
        if (_target is not null) Advance(_target);
    }

    private async Task PumpAsync()
    {
        while (!_stopped && _target is { } target)
        {
            try
            {
                var checkpoint = await projector.CheckpointAsync(Projection);
                if (!FeedPosition.IsAfter(target, checkpoint)) return;
                var page = await reader.ReadAfterAsync(projector.Partition, checkpoint, pageSize, target);
                // Nothing between the checkpoint and the target (trimmed away, or the target came from another reader's view).
                if (page.Count == 0) return;
                await projector.ProcessAsync(page);
                LastError = null;
                _retry = FirstRetry;
            }
            catch (Exception e)
            {
                // The checkpoint says where the copy is; read from there once the store is back.
                LastError = e;
                projector.Forget();
                LogPumpFailed(logger, e, Projection.Name, projector.Partition, _retry.TotalMilliseconds);
                _ = RetryLaterAsync(_retry);
                _retry = TimeSpan.FromTicks(Math.Min(_retry.Ticks * 2, LastRetry.Ticks));
                return;
            }
        }
    }

    private async Task RetryLaterAsync(TimeSpan delay)
    {
        await Task.Delay(delay);
        if (_target is not null && !_stopped) Advance(_target);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Projection {Projection} of partition {Partition} failed; it goes on from its checkpoint in {RetryMs} ms")]
    private static partial void LogPumpFailed(ILogger logger, Exception exception, string projection, int partition, double retryMs);
}
