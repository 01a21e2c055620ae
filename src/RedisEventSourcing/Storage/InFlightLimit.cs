namespace RedisEventSourcing.Storage;

/// <summary>
/// How many append script calls one group commit queue keeps in flight, adapted to the store the
/// way TCP Vegas adapts a window: from the shortest round trip of a call sent alone (the store's
/// own cost, nothing queued ahead of it) and the round trip of each call, the number of calls
/// that are only waiting behind others is <c>limit x (1 - shortest / rtt)</c>. While that is small, the time
/// goes to the network or the disk's fsync, which more calls in flight overlap: the limit grows
/// (only when appends are queued for a slot, so an idle silo does not inflate it). When it is
/// large, calls queue on a busy Redis or a busy silo, where fewer, larger calls cost less CPU
/// per event: the limit shrinks. A fast local Redis settles at a few calls; a store 2 ms away
/// or on a slow disk at many.
/// </summary>
/// <remarks>Not thread-safe: the queue calls it under its lock.</remarks>
internal sealed class InFlightLimit
{
    // Vegas' thresholds, in calls: grow below Alpha waiting calls, shrink above Beta.
    private const double Alpha = 2;
    private const double Beta = 4;

    private readonly int _window;

    private readonly int _min;
    private readonly int _max;
    private double _limit;
    private double _shortestMs = double.MaxValue;
    private double _nextShortestMs = double.MaxValue;
    private int _calls;
    private bool _probing;

    /// <param name="window">
    /// The shortest round trip is measured again over each window of this many calls, from the
    /// calls sent alone in it, so a store that became slower (a failover to a distant replica, a
    /// disk under other load) is seen. Calls sent beside others never set it (a saturated store
    /// would ratchet the limit up); a window without a lone call ends in a probe: one call in
    /// flight until one is sent alone, as BBR probes its round trip.
    /// </param>
    public InFlightLimit(int initial, int min, int max, int window = 20_000)
    {
        if (min < 1 || max < min) throw new ArgumentOutOfRangeException(nameof(max), $"Bounds {min}..{max} are not a range of at least 1.");
        _min = min;
        _max = max;
        _window = Math.Max(1, window);
        _limit = Math.Clamp(initial, min, max);
    }

    /// <summary>Calls that may be in flight now.</summary>
    public int Current => _probing ? 1 : (int)_limit;

    /// <summary>The shortest round trip of the current window, in ms (for metrics and tests).</summary>
    public double ShortestMs => _shortestMs;

    /// <summary>
    /// One call came back after <paramref name="roundTripMs"/>. <paramref name="alone"/>: no other
    /// call of the queue was in flight when it was sent. <paramref name="demand"/>: appends were
    /// waiting for a slot meanwhile, so a larger limit would have been used.
    /// </summary>
    public void OnCallCompleted(double roundTripMs, bool alone, bool demand)
    {
        if (roundTripMs <= 0) roundTripMs = 0.001;
        if (alone)
        {
            _nextShortestMs = Math.Min(_nextShortestMs, roundTripMs);
            _shortestMs = _probing ? roundTripMs : Math.Min(_shortestMs, roundTripMs);
            _probing = false;
        }
        if (++_calls % _window == 0)
        {
            if (_nextShortestMs < double.MaxValue) _shortestMs = _nextShortestMs;
            else if (_min < _max) _probing = true;
            _nextShortestMs = double.MaxValue;
        }
        if (_probing || _shortestMs == double.MaxValue) return; // no measure of the store yet

        var waiting = _limit * (1 - _shortestMs / roundTripMs);
        // Steps of 1/limit per call: about one call more or less per round of calls, as in Vegas.
        if (waiting < Alpha && demand) _limit = Math.Min(_max, _limit + 1 / _limit);
        else if (waiting > Beta) _limit = Math.Max(_min, _limit - 1 / _limit);
    }
}
