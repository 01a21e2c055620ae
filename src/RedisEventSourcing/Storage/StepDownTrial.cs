namespace RedisEventSourcing.Storage;

/// <summary>
/// Whether fewer append calls in flight make appends faster, found by trying it. Round trips
/// alone cannot tell: calls that queue for a busy CPU and calls that wait for the fsync pass
/// ahead of them both take several times a lone call's round trip, yet fewer calls help the first
/// (less work per append) and hurt the second (appends wait for a slot, and each fsync covers
/// fewer of them). So the appends' own latency (queued to answered: the slot wait and the call)
/// is compared over windows of calls: a step down that made appends no slower is kept and the
/// next is tried; one that made them slower is undone, and the next try from there waits twice as
/// many windows as the last, so a limit found best is disturbed less and less often.
/// </summary>
/// <remarks>Not thread-safe: <see cref="InFlightLimit"/> calls it under the queue's lock.</remarks>
internal sealed class StepDownTrial(int min)
{
    // Window means within 3 % count as no slower, so noise does not undo every step.
    private const double Tolerance = 0.03;
    // A window is at least this many calls and four rounds of calls, so that it measures the
    // limit and not the moment.
    private const int MinWindowCalls = 64;
    // The most windows a limit is held after a step down from it made appends slower.
    private const int MaxBackoffWindows = 64;
    // A step is a third of the limit, at least one call: 64 → 2 in about nine steps.
    private const double Step = 1.5;

    private int _calls;
    private long _appends;
    private double _latencySumMs;
    private int _skip;
    private double _baselineMs = double.NaN;
    private int _stepFrom;
    private int _hold;
    private int _heldAt;
    private int _backoff = 1;

    /// <summary>
    /// One call under <paramref name="limit"/> came back with <paramref name="appends"/> appends,
    /// which took <paramref name="latencySumMs"/> in all from being queued to this answer.
    /// <paramref name="callsQueue"/>: round trips say calls queue behind one another, so a step
    /// down may be tried. The limit to use next: the same, a step down, or back up a step.
    /// </summary>
    public int OnCallCompleted(int limit, int appends, double latencySumMs, bool callsQueue)
    {
        // The calls still in flight when the limit last moved belong to the limit before.
        if (_skip > 0)
        {
            _skip--;
            return limit;
        }
        _calls++;
        _appends += appends;
        _latencySumMs += latencySumMs;
        if (_calls < WindowCalls(limit)) return limit;

        var meanMs = _latencySumMs / Math.Max(1, _appends);
        ClearWindow();
        if (_stepFrom > 0)
        {
            var from = _stepFrom;
            _stepFrom = 0;
            if (meanMs > _baselineMs * (1 + Tolerance))
            {
                // Fewer calls made appends slower: back to the limit before, held for as many
                // windows as the back-off says, which doubles so a good limit is rarely disturbed.
                _hold = _backoff;
                _heldAt = from;
                _backoff = Math.Min(MaxBackoffWindows, _backoff * 2);
                _baselineMs = double.NaN;
                _skip = limit;
                return from;
            }
            _backoff = 1;
        }
        // Each window is the baseline for a step from its limit.
        _baselineMs = meanMs;
        if (_hold > 0 && limit != _heldAt)
        {
            // The limit grew since (calls stopped queueing for a while): the store has changed,
            // and what was learnt about steps down from the held limit no longer applies.
            _hold = 0;
            _backoff = 1;
        }
        if (_hold > 0)
        {
            _hold--;
            return limit;
        }
        if (!callsQueue || limit <= min) return limit;
        _stepFrom = limit;
        _skip = limit;
        return Math.Max(min, Math.Min(limit - 1, (int)Math.Round(limit / Step)));
    }

    /// <summary>
    /// Forgets the windows so far: the load they measured has gone (the queue ran empty), or the
    /// limit moved for another reason. A step not yet judged is undone, so that steps down are
    /// only ever kept on evidence (bursts that end mid-step would otherwise walk the limit down).
    /// <paramref name="settle"/>: the next window's worth of calls is not measured either (the
    /// backlog that a probe with one call in flight leaves). The limit to use next.
    /// </summary>
    public double Reset(double limit, bool settle = false)
    {
        if (_stepFrom > 0) limit = _stepFrom;
        _stepFrom = 0;
        _baselineMs = double.NaN;
        _skip = settle ? WindowCalls((int)limit) : 0;
        ClearWindow();
        return limit;
    }

    private static int WindowCalls(int limit) => Math.Max(MinWindowCalls, 4 * limit);

    private void ClearWindow()
    {
        _calls = 0;
        _appends = 0;
        _latencySumMs = 0;
    }
}
