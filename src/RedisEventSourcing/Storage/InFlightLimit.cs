namespace RedisEventSourcing.Storage;

/// <summary>
/// How many append script calls one group commit queue keeps in flight, adapted to the store from
/// the round trips of its calls, against the shortest round trip of a call sent alone (the store's
/// own cost, nothing queued ahead of it). Where the store's cost is a wait that calls can share
/// (a network), a call's round trip stays within a small multiple of that, however many are in
/// flight: the limit grows (only while appends wait for a slot, so an idle silo does not inflate
/// it), and calls overlap their waits; like TCP Vegas, about one call per round of calls.
/// Where round trips are many times a lone call's, calls wait for one another, but that alone does
/// not say which way to go: a busy Redis or silo serves fewer, larger calls with less CPU per
/// event, while a disk with <c>appendfsync always</c> covers more appends per fsync pass with more
/// calls. So the limit then moves only by trial, a step at a time, kept where the appends' own
/// latency says so (<see cref="LimitTrial"/>): a fast local Redis settles at a few calls, a slow
/// fsync where its appends are answered soonest, a distant store at many.
/// </summary>
/// <remarks>Not thread-safe: the queue calls it under its lock.</remarks>
internal sealed class InFlightLimit
{
    // Smoothed round trip / shortest: grow below Grow, try other limits above Shrink. A shared wait
    // (a network, an fsync pass) costs a call up to about two of its round trips (it may just miss
    // a pass); a store serving calls one at a time costs a call about one per call in flight.
    private const double Grow = 2.5;
    private const double Shrink = 4;
    private const double Smoothing = 0.1;

    private readonly int _window;
    private readonly LimitTrial _trial;

    private readonly int _min;
    private readonly int _max;
    private double _limit;
    private double _shortestMs = double.MaxValue;
    private double _smoothedMs;
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
        _trial = new LimitTrial(min, max);
    }

    /// <summary>
    /// The limit <paramref name="options"/> ask for: fixed at <c>AppendCallsInFlight</c> when set,
    /// else adaptive from 4, never below 2 nor above <c>MaxAppendCallsInFlight</c>. Two, because with
    /// one call in flight the store idles while each answer travels back and the next call goes out;
    /// a second call covers that turnaround (docs/benchmarks.md, issue 13, fifth session).
    /// </summary>
    public static InFlightLimit For(Options.RedisStreamsLogOptions options) =>
        options.AppendCallsInFlight > 0
            ? new InFlightLimit(options.AppendCallsInFlight, options.AppendCallsInFlight, options.AppendCallsInFlight)
            : new InFlightLimit(initial: Math.Min(4, options.MaxAppendCallsInFlight), min: Math.Min(2, options.MaxAppendCallsInFlight), max: options.MaxAppendCallsInFlight);

    /// <summary>Calls that may be in flight now.</summary>
    public int Current => _probing ? 1 : (int)_limit;

    /// <summary>The shortest round trip of the current window, in ms (for metrics and tests).</summary>
    public double ShortestMs => _shortestMs;

    /// <summary>How far the trial's window means wander by themselves (for tests): see <see cref="LimitTrial"/>.</summary>
    public double TrialNoise => _trial.Noise;

    /// <summary>How many times its shortest the trial's windows are now (for tests).</summary>
    public int TrialWindowScale => _trial.WindowScale;

    /// <summary>
    /// One call came back after <paramref name="roundTripMs"/>. <paramref name="alone"/>: no other
    /// call of the queue was in flight when it was sent. <paramref name="demand"/>: appends were
    /// waiting for a slot meanwhile, so a larger limit would have been used. It carried
    /// <paramref name="appends"/> appends, which took <paramref name="latencySumMs"/> in all from
    /// being queued to this answer.
    /// </summary>
    public void OnCallCompleted(double roundTripMs, bool alone, bool demand, int appends, double latencySumMs)
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
            else if (_min < _max) StartProbe();
            _nextShortestMs = double.MaxValue;
        }
        _smoothedMs = _smoothedMs == 0 ? roundTripMs : _smoothedMs + Smoothing * (roundTripMs - _smoothedMs);
        if (_probing || _shortestMs == double.MaxValue) return; // no measure of the store yet

        var ratio = _smoothedMs / _shortestMs;
        if (ratio < Grow && demand)
        {
            // Steps of 1/limit per call: about one call more per round of calls. The trial's
            // windows would mix limits, and calls that do not queue say a step down is not due.
            _limit = _trial.Reset(_limit);
            _limit = Math.Min(_max, _limit + 1 / _limit);
            return;
        }
        // Otherwise the limit holds unless the trial moves it: it tries a step only while calls
        // queue (above Shrink), but judges a step it took whatever the round trips say since.
        var next = _trial.OnCallCompleted(Current, appends, latencySumMs, callsQueue: ratio > Shrink);
        if (next != Current) _limit = next;
    }

    /// <summary>
    /// The queue ran empty: nothing in flight, nothing waiting. The trial's windows belong to load
    /// that has gone (a burst's tail, a pause), so its next comparison starts afresh.
    /// </summary>
    public void OnIdle()
    {
        _limit = _trial.Reset(_limit);
    }

    /// <summary>
    /// One call in flight until one is sent alone. The trial starts afresh after it, a window
    /// later: the appends that queued behind the lone call would make that window look slow.
    /// </summary>
    private void StartProbe()
    {
        _limit = _trial.Reset(_limit, settle: true);
        _probing = true;
    }
}
