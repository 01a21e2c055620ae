namespace RedisEventSourcing.Storage;

/// <summary>
/// Whether fewer or more append calls in flight make appends faster, found by trying it. Round
/// trips alone cannot tell: calls that queue for a busy CPU and calls that wait for the fsync pass
/// ahead of them both take several times a lone call's round trip, yet fewer calls help the first
/// (less work per append) and more calls help the second (appends stop waiting for a slot, and
/// each fsync pass covers more of them). So the appends' own latency (queued to answered: the
/// slot wait and the call) is compared over windows of calls, one step at a time:
/// <list type="bullet">
/// <item>a step down is kept if appends got no slower (fewer, larger calls cost less CPU, so they
/// win a tie);</item>
/// <item>a step up is kept only if appends got faster (more calls must earn their CPU);</item>
/// <item>a step that is not kept is undone, and the next try in that direction waits twice as
/// many windows as the last, so a limit found best is disturbed less and less often;</item>
/// <item>after a kept step the next one goes the same way; after an undone one, the other way.</item>
/// </list>
/// A store's latency also wanders by itself (a disk's fsync time changes from one pass to the next,
/// a machine's CPU speed from one second to the next), and a window's mean with it. Each window
/// measures that wander as the difference between its two halves' means. Where it is large, windows
/// grow (up to 16 times), and a step must beat it to be kept either way: where the latency wanders
/// more than steps change it, the limit stays where it is instead of walking wherever noise points.
/// </summary>
/// <remarks>Not thread-safe: <see cref="InFlightLimit"/> calls it under the queue's lock.</remarks>
internal sealed class LimitTrial(int min, int max)
{
    // Window means within 3 % count as a tie, so noise neither undoes every step down nor keeps
    // steps up that bought nothing.
    private const double Tolerance = 0.03;
    // A window is at least this many calls and four rounds of calls, so that it measures the
    // limit and not the moment.
    private const int MinWindowCalls = 64;
    // The most windows a direction waits after a step that way was undone.
    private const int MaxBackoffWindows = 64;
    // A step is half the limit up or a third down, at least one call: 2 ↔ 64 in about nine steps.
    private const double Step = 1.5;
    // A step is kept only if it changed the mean by this many times the wander between windows.
    private const double Significance = 2;
    // Windows are lengthened while the wander exceeds twice Tolerance, shortened below half of it.
    private const int MaxWindowScale = 16;
    private const double NoiseSmoothing = 0.25;

    private int _calls;
    private long _appends;
    private double _latencySumMs;
    private long _halfAppends;
    private double _halfLatencySumMs;
    private int _windowScale = 1;
    private double _noise;
    private int _skip;
    private double _baselineMs = double.NaN;
    private int _stepFrom;
    private bool _stepUp;
    private bool _goUp;
    private int _heldAt;
    private Direction _down = new();
    private Direction _up = new();

    /// <summary>
    /// One call under <paramref name="limit"/> came back with <paramref name="appends"/> appends,
    /// which took <paramref name="latencySumMs"/> in all from being queued to this answer.
    /// <paramref name="callsQueue"/>: round trips say calls queue behind one another, so a step
    /// may be tried. The limit to use next: the same, a step either way, or back where a step came from.
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
        var windowCalls = WindowCalls(limit);
        if (_calls == windowCalls / 2)
        {
            _halfAppends = _appends;
            _halfLatencySumMs = _latencySumMs;
        }
        if (_calls < windowCalls) return limit;

        var meanMs = _latencySumMs / Math.Max(1, _appends);
        MeasureNoise(meanMs);
        ClearWindow();
        if (_stepFrom > 0)
        {
            var from = _stepFrom;
            _stepFrom = 0;
            var kept = _stepUp ? meanMs < _baselineMs * (1 - UpGain()) : meanMs <= _baselineMs * (1 + DownTie());
            ref var direction = ref _stepUp ? ref _up : ref _down;
            _goUp = _stepUp == kept;
            if (!kept)
            {
                // Back to the limit before, and this direction waits as many windows as its
                // back-off says, which doubles, so a good limit is rarely disturbed.
                direction.Hold = direction.Backoff;
                direction.Backoff = Math.Min(MaxBackoffWindows, direction.Backoff * 2);
                _heldAt = from;
                _baselineMs = double.NaN;
                _skip = limit;
                return from;
            }
            direction.Backoff = 1;
        }
        // Each window is the baseline for a step from its limit.
        _baselineMs = meanMs;
        if (limit != _heldAt)
        {
            // The limit moved since the holds were set (a kept step, or calls stopped queueing for
            // a while and it grew): what was learnt about the steps from there no longer applies.
            _heldAt = limit;
            _down = new();
            _up = new();
        }
        if (_down.Hold > 0) _down.Hold--;
        if (_up.Hold > 0) _up.Hold--;
        if (!callsQueue) return limit;

        var canDown = limit > min && _down.Hold == 0;
        var canUp = limit < max && _up.Hold == 0;
        if (!canDown && !canUp) return limit;
        _stepUp = canUp && (_goUp || !canDown);
        _stepFrom = limit;
        _skip = limit;
        return _stepUp
            ? Math.Min(max, Math.Max(limit + 1, (int)Math.Round(limit * Step)))
            : Math.Max(min, Math.Min(limit - 1, (int)Math.Round(limit / Step)));
    }

    /// <summary>
    /// Forgets the windows so far: the load they measured has gone (the queue ran empty), or the
    /// limit moved for another reason. A step not yet judged is undone, so that steps are only
    /// ever kept on evidence (bursts that end mid-step would otherwise walk the limit about).
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

    /// <summary>
    /// How much faster appends must get for a step up to be kept: <see cref="Tolerance"/>, or the
    /// wander between windows times <see cref="Significance"/> where that is more.
    /// </summary>
    private double UpGain() => Math.Max(Tolerance, Significance * _noise);

    /// <summary>
    /// How much slower appends may get with a step down kept: <see cref="Tolerance"/> on a steady
    /// store, less as the wander grows, and where the wander alone could pass for a tie, a step down
    /// must make appends faster by as much as a step up: noise then moves the limit neither way.
    /// </summary>
    private double DownTie()
    {
        var margin = Significance * _noise;
        return margin <= Tolerance ? Tolerance - 2 * margin : -margin;
    }

    /// <summary>How far window means wander with the limit unchanged, as a fraction of the mean (for tests).</summary>
    public double Noise => _noise;

    /// <summary>How many times the shortest window the windows are now (for tests).</summary>
    public int WindowScale => _windowScale;

    private int WindowCalls(int limit) => _windowScale * Math.Max(MinWindowCalls, 4 * limit);

    /// <summary>
    /// The difference between the window's halves, scaled to one between two whole windows (the
    /// mean of half as many calls wanders √2 as far), smoothed; and the window length that follows.
    /// </summary>
    private void MeasureNoise(double meanMs)
    {
        var secondAppends = _appends - _halfAppends;
        if (_halfAppends == 0 || secondAppends == 0 || meanMs <= 0) return;
        var first = _halfLatencySumMs / _halfAppends;
        var second = (_latencySumMs - _halfLatencySumMs) / secondAppends;
        // At most twice the wander so far (plus a tie): a store that changed mid-window (a failover,
        // a burst's end) is one jump, not wander, and must not stretch the windows for long.
        var sample = Math.Min(Math.Abs(first - second) / meanMs / Math.Sqrt(2), 2 * _noise + Tolerance);
        _noise += NoiseSmoothing * (sample - _noise);
        if (_noise > 2 * Tolerance && _windowScale < MaxWindowScale)
        {
            // Twice the calls: the next windows' wander is about 1/√2 of this, so start it there.
            _windowScale *= 2;
            _noise /= Math.Sqrt(2);
        }
        else if (_noise < Tolerance / 2 && _windowScale > 1)
        {
            _windowScale /= 2;
            _noise *= Math.Sqrt(2);
        }
    }

    private void ClearWindow()
    {
        _calls = 0;
        _appends = 0;
        _latencySumMs = 0;
        _halfAppends = 0;
        _halfLatencySumMs = 0;
    }

    /// <summary>Windows left before the next step this way, and how many the next undone step costs.</summary>
    private struct Direction()
    {
        public int Hold;
        public int Backoff = 1;
    }
}
