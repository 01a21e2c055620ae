using Microsoft.Extensions.Logging;

namespace RedisEventSourcing.Storage;

/// <summary>
/// Raised events are written at once, in the background, as Orleans' own providers do: a grain
/// that raises and returns has its events stored within milliseconds, not at the next confirm.
/// A background write that fails is retried with backoff until it lands or the grain deactivates;
/// a confirm that comes meanwhile writes at once and reports the error to its caller.
/// </summary>
internal sealed partial class RedisStreamsLogViewAdaptor<TView, TEntry>
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(10);
    private readonly HashSet<string> _inDoubt = new(StringComparer.Ordinal);
    private bool _writeScheduled;
    private int _failedWrites;
    private bool _deactivated;
    // Set by a failed read or write (or one the replicas did not acknowledge), until a write succeeds.
    private bool _storeFailing;

    /// <summary>Writes after the raising turn, so everything it raises shares one append.</summary>
    private void WriteInBackground()
    {
        if (_writeScheduled || _deactivated) return;
        _writeScheduled = true;
        _ = WriteLaterAsync(TimeSpan.Zero);
    }

    private void RetryInBackground(Exception failure)
    {
        _failedWrites++;
        if (_writeScheduled || _deactivated) return;
        var delay = RetryDelay(_failedWrites);
        _logger.WriteRetry(StreamKey, _pending.Count, _version, delay.TotalMilliseconds, Redacted(failure).Message);
        _writeScheduled = true;
        _ = WriteLaterAsync(delay);
    }

    private async Task WriteLaterAsync(TimeSpan delay)
    {
        // Both continue on the grain's scheduler, like any turn of the grain.
        if (delay > TimeSpan.Zero) await Task.Delay(delay);
        else await Task.Yield();
        _writeScheduled = false;
        if (_deactivated || _pending.Count == 0) return;
        try
        {
            await RunExclusive(WriteAllAsync);
        }
        catch (Exception e)
        {
            // Each event's fate was decided (kept for the next retry, or dropped and logged) by FailPending.
            _logger.BackgroundWriteFailed(Redacted(e), StreamKey);
        }
    }

    /// <summary>Exponential from 100 ms to 10 s, with ±20 % jitter so grains cut off together do not retry together.</summary>
    private static TimeSpan RetryDelay(int failures)
    {
        var exponential = FirstRetryDelay.TotalMilliseconds * Math.Pow(2, Math.Min(failures - 1, 16));
        var capped = Math.Min(exponential, MaxRetryDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.8 + 0.4 * Random.Shared.NextDouble()));
    }
}
