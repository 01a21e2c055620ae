namespace RedisEventSourcing.Storage;

/// <summary>
/// How many append script calls one group commit queue keeps in flight, found by climbing the
/// appends' own latency: from the moment an append is queued to its answer, so both the wait for a
/// slot and the call count, whatever the store spends its time on. Each window of calls is compared
/// with the one before, under the limit before: no worse (within <see cref="Tolerance"/>), and the
/// limit keeps moving the same way; worse, and it turns back. A distant store rewards more calls
/// (appends stop waiting for a slot while calls travel); a busy CPU rewards fewer, larger calls (less
/// work per append for the silo and Redis); a disk with <c>appendfsync always</c> lies in between
/// (each fsync pass covers every call that reached it). No model of the store is assumed: the limit
/// goes where appends are answered soonest and keeps probing a step either side of it.
/// When most appends found a slot free, the limit held nothing back and only made calls smaller: it
/// then probes toward fewer calls, and if that made appends slower it goes back and waits twice as
/// many windows before the next such probe (so a distant store is not made to wait again and again).
/// </summary>
/// <remarks>Not thread-safe: the queue calls it under its lock.</remarks>
internal sealed class InFlightLimit
{
    // Window means within 3 % count as no worse, so noise does not turn the limit back at every step.
    private const double Tolerance = 0.03;
    // A window is at least this many calls and four rounds of calls, so the calls sent under the
    // previous limit are a small part of it.
    private const int MinWindowCalls = 64;
    // The longest a limit that held nothing back waits between probes toward fewer calls.
    private const int MaxBackoffWindows = 64;
    // Steps of half the limit up, a third down, at least one call: 2 → 64 in about 10 windows.
    private const double Step = 1.5;

    private readonly int _min;
    private readonly int _max;
    private int _limit;
    private int _direction = 1;
    private int _calls;
    private long _appends;
    private long _waited;
    private double _latencySumMs;
    private double _lastMeanMs = double.NaN;
    private bool _probedDown;
    private int _hold;
    private int _backoff = 1;

    public InFlightLimit(int initial, int min, int max)
    {
        if (min < 1 || max < min) throw new ArgumentOutOfRangeException(nameof(max), $"Bounds {min}..{max} are not a range of at least 1.");
        _min = min;
        _max = max;
        _limit = Math.Clamp(initial, min, max);
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
    public int Current => _limit;

    /// <summary>
    /// One call came back with <paramref name="appends"/> appends, which took
    /// <paramref name="latencySumMs"/> in all from being queued to this answer;
    /// <paramref name="waited"/> of them found every slot taken when they were queued.
    /// </summary>
    public void OnCallCompleted(int appends, double latencySumMs, int waited)
    {
        if (_min == _max) return;
        _calls++;
        _appends += appends;
        _latencySumMs += latencySumMs;
        _waited += waited;
        if (_calls < Math.Max(MinWindowCalls, 4 * _limit)) return;

        var meanMs = _latencySumMs / Math.Max(1, _appends);
        // Calls answered by one event-loop pass come back together, and the first of them takes
        // every waiting append: so whether appends waited, not whether calls found any waiting.
        var binding = _waited * 2 >= _appends;
        _calls = 0;
        _appends = _waited = 0;
        _latencySumMs = 0;

        var worse = meanMs > _lastMeanMs * (1 + Tolerance);
        if (_probedDown)
        {
            // A step down from a limit that held nothing back: if appends now take longer, the
            // limit goes back and probes again only after twice as many windows as last time.
            _probedDown = false;
            if (worse)
            {
                _hold = _backoff;
                _backoff = Math.Min(MaxBackoffWindows, _backoff * 2);
            }
            else
            {
                _backoff = 1;
            }
        }
        if (worse) _direction = -_direction;
        _lastMeanMs = meanMs;
        if (_hold > 0 && !worse)
        {
            _hold--;
            return;
        }
        if (!binding && !worse)
        {
            // The limit held nothing back and only made calls smaller: try fewer, larger ones.
            _direction = -1;
            _probedDown = true;
        }
        var next = Move(_direction);
        if (next == _limit)
        {
            // At a bound: probe the other side instead, or a limit at its floor would never learn
            // that the store moved away.
            _direction = -_direction;
            next = Move(_direction);
        }
        _limit = next;
    }

    private int Move(int direction) => Math.Clamp(direction > 0 ? Math.Max(_limit + 1, (int)Math.Round(_limit * Step)) : Math.Min(_limit - 1, (int)Math.Round(_limit / Step)), _min, _max);
}
