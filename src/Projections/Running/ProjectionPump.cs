using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace RedisEventSourcing.Projections.Running;

/// <summary>
/// Keeps one projection copy of one partition moving towards a target feed position, on its own:
/// it reads the feed from the copy's checkpoint up to the target in pages and applies them. A slow
/// store (a SQL commit per batch) therefore never holds back a fast one (the Redis model), and
/// batches grow by themselves when a store falls behind: everything delivered meanwhile is one
/// page, one transaction. One page at a time, on the thread pool rather than the grain's scheduler:
/// a store whose client blocks (SQLite commits synchronously) must not stall the other copies' pumps.
/// </summary>
/// <param name="window">Delivered references to take pages from before reading the feed (null: always read it).</param>
internal sealed class ProjectionPump(PartitionProjector projector, FeedReader reader, int pageSize, ILogger logger, ConfigurationOptions? redis = null, FeedWindow? window = null)
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(5);

    private readonly Lock _gate = new();
    private string? _target;
    private Task _running = Task.CompletedTask;
    private bool _idle = true;
    private TimeSpan _retry = FirstRetry;
    private volatile bool _stopped;
    private readonly SemaphoreSlim? _turns = ApplyTurns.For(projector.Projections[0]);

    public IProjection Projection => projector.Projections[0];

    /// <summary>The last failure, until a page applies again.</summary>
    public Exception? LastError { get; private set; }

    /// <summary>Moves the target to <paramref name="feedEntryId"/> (never back) and starts pumping if idle.</summary>
    public void Advance(string feedEntryId)
    {
        lock (_gate)
        {
            if (_target is null || FeedPosition.IsAfter(feedEntryId, _target)) _target = feedEntryId;
            if (!_idle || _stopped) return;
            _idle = false;
            _running = Task.Run(PumpAsync);
        }
    }

    /// <summary>Waits until the copy has applied up to <paramref name="feedEntryId"/>; throws the failure that stops it.</summary>
    public async Task ReachAsync(string feedEntryId)
    {
        Advance(feedEntryId);
        string? before = null;
        for (var round = 0; ; round++)
        {
            await _running;
            var checkpoint = await projector.CheckpointAsync(Projection);
            if (!FeedPosition.IsAfter(feedEntryId, checkpoint)) return;
            if (LastError is { } error) throw new InvalidOperationException($"Projection {Projection.Name} of partition {projector.Partition} is stuck before {feedEntryId}: {error.Message}", error);
            if (_stopped) throw new InvalidOperationException($"Projection {Projection.Name} of partition {projector.Partition} is paused.");
            // A run that moved nothing found nothing to read up to there (a trimmed feed): no use spinning.
            if (round > 0 && checkpoint == before) return;
            before = checkpoint;
            Advance(feedEntryId);
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
        if (_target is { } target) Advance(target);
    }

    // Goes idle only under the lock, after seeing the target it reached is still the target: an
    // Advance that lands meanwhile either sees the pump running (and the loop picks the new target
    // up) or sees it idle (and starts it again). No wake-up is lost.
    private bool GoIdle(string reached)
    {
        lock (_gate)
        {
            if (!_stopped && _target != reached) return false;
            _idle = true;
            return true;
        }
    }

    private async Task PumpAsync()
    {
        while (true)
        {
            var target = _target!;
            if (_stopped && GoIdle(target)) return;
            var turn = false;
            try
            {
                var checkpoint = await projector.CheckpointAsync(Projection);
                if (!FeedPosition.IsAfter(target, checkpoint))
                {
                    if (GoIdle(target)) return;
                    continue;
                }
                if (_turns is not null)
                {
                    await _turns.WaitAsync();
                    turn = true;
                    // Whatever was delivered while this pump waited goes into the same page.
                    target = _target!;
                }
                var page = window?.TryRead(checkpoint, target, pageSize) ?? await reader.ReadAfterAsync(projector.Partition, checkpoint, pageSize, target);
                // Nothing between the checkpoint and the target (trimmed away, or the target came from another reader's view).
                if (page.Count == 0)
                {
                    if (GoIdle(target)) return;
                    continue;
                }
                await projector.ProcessAsync(page);
                LastError = null;
                _retry = FirstRetry;
            }
            catch (Exception e)
            {
                // The checkpoint says where the copy is; read from there once the store is back.
                LastError = e;
                projector.Forget();
                logger.PumpFailed(RedisEventSourcing.Options.RedisSecrets.Redact(e, redis), Projection.Name, projector.Partition, _retry.TotalMilliseconds);
                var retry = _retry;
                _retry = TimeSpan.FromTicks(Math.Min(_retry.Ticks * 2, LastRetry.Ticks));
                lock (_gate) _idle = true;
                _ = RetryLaterAsync(retry);
                return;
            }
            finally
            {
                if (turn) _turns!.Release();
            }
        }
    }

    private async Task RetryLaterAsync(TimeSpan delay)
    {
        await Task.Delay(delay);
        if (_target is { } target && !_stopped) Advance(target);
    }
}
