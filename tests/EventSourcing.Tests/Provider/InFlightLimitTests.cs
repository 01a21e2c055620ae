using RedisEventSourcing.Options;
using RedisEventSourcing.Storage;

namespace EventSourcing.Tests.Provider;

/// <summary>
/// The adaptive number of append calls in flight, fed by model stores: how long an append takes
/// (queued to answered) with a given limit, and whether appends wait for a slot. A distant store
/// (more calls: shorter waits, until no append waits), a busy CPU (more calls: more work per
/// append), and a disk's fsync passes (a best limit in between), with and without noise.
/// </summary>
public sealed class InFlightLimitTests
{
    private const int AppendsPerCall = 8;

    /// <summary>Latency of an append under a limit, and whether appends wait for a slot there.</summary>
    private sealed record Store(Func<int, double> LatencyMs, Func<int, bool> Waits);

    private static readonly Store Distant = new(l => 4 + 4.0 * Math.Max(0, 32 - l) / 32, l => l < 32);
    private static readonly Store BusyCpu = new(l => 1 + 0.1 * l, _ => true);
    private static readonly Store FsyncPasses = new(l => 1 + 8.0 / l + 0.1 * l, _ => true);

    /// <summary>Runs <paramref name="calls"/> calls against the model; the limit after each.</summary>
    private static List<int> Run(InFlightLimit limit, Store store, int calls, double noise = 0, int seed = 1)
    {
        var random = new Random(seed);
        var seen = new List<int>(calls);
        for (var call = 0; call < calls; call++)
        {
            var l = limit.Current;
            var latency = store.LatencyMs(l) * (1 + noise * (2 * random.NextDouble() - 1));
            limit.OnCallCompleted(AppendsPerCall, AppendsPerCall * latency, store.Waits(l) ? AppendsPerCall : 0);
            seen.Add(limit.Current);
        }
        return seen;
    }

    private static int Median(IEnumerable<int> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    [Fact]
    public void a_distant_store_gets_enough_calls_that_appends_stop_waiting_for_a_slot()
    {
        var limit = new InFlightLimit(initial: 4, min: 2, max: 64);

        var seen = Run(limit, Distant, 40_000);

        Assert.InRange(Median(seen.TakeLast(10_000)), 32, 64);
    }

    [Fact]
    public void once_appends_stop_waiting_the_probes_toward_fewer_calls_back_off()
    {
        var limit = new InFlightLimit(initial: 4, min: 2, max: 64);

        var seen = Run(limit, Distant, 60_000);

        // Each probe that made appends wait again is repeated after twice as many windows.
        var waiting = seen.TakeLast(20_000).Count(l => l < 32);
        Assert.True(waiting < 2_000, $"{waiting} of the last 20,000 calls went out under a limit that made appends wait");
    }

    [Fact]
    public void a_busy_cpu_keeps_few_calls_in_flight()
    {
        var limit = new InFlightLimit(initial: 4, min: 2, max: 64);

        var seen = Run(limit, BusyCpu, 20_000);

        Assert.InRange(Median(seen.TakeLast(10_000)), 2, 4);
        Assert.InRange(seen.TakeLast(10_000).Max(), 2, 9);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.1)]
    public void fsync_passes_settle_near_the_limit_with_the_shortest_appends(double noise)
    {
        // 1 + 8/l + l/10 is shortest at l = 9.
        var limit = new InFlightLimit(initial: 4, min: 2, max: 64);

        var seen = Run(limit, FsyncPasses, 40_000, noise, seed: 7);

        Assert.InRange(Median(seen.TakeLast(20_000)), 4, 20);
    }

    [Fact]
    public void a_limit_that_holds_nothing_back_and_costs_nothing_comes_down_to_fewer_larger_calls()
    {
        var limit = new InFlightLimit(initial: 32, min: 2, max: 64);

        var seen = Run(limit, new Store(_ => 1.0, _ => false), 20_000);

        Assert.InRange(Median(seen.TakeLast(5_000)), 2, 4);
    }

    [Fact]
    public void a_store_that_moved_away_is_followed_from_the_floor()
    {
        var limit = new InFlightLimit(initial: 4, min: 2, max: 64);
        Run(limit, BusyCpu, 10_000);
        Assert.InRange(limit.Current, 2, 4);

        var seen = Run(limit, Distant, 20_000);

        Assert.InRange(Median(seen.TakeLast(5_000)), 32, 64);
    }

    [Fact]
    public void a_fixed_limit_never_moves()
    {
        var limit = new InFlightLimit(initial: 8, min: 8, max: 8);

        Run(limit, Distant, 2_000, noise: 0.5);
        Run(limit, BusyCpu, 2_000, noise: 0.5);

        Assert.Equal(8, limit.Current);
    }

    [Fact]
    public void bounds_that_are_not_a_range_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new InFlightLimit(4, min: 0, max: 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => new InFlightLimit(4, min: 8, max: 4));
    }

    [Theory]
    [InlineData(1, 64, 1, 1, 1)]
    [InlineData(0, 1, 1, 1, 1)]
    [InlineData(0, 64, 4, 2, 32)]
    [InlineData(0, 16, 4, 2, 16)]
    [InlineData(6, 64, 6, 6, 6)]
    public void options_fix_the_limit_or_bound_the_adaptive_one(int fixedCalls, int maxCalls, int initial, int lowest, int highestAtLeast)
    {
        var options = new RedisStreamsLogOptions { AppendCallsInFlight = fixedCalls, MaxAppendCallsInFlight = maxCalls };
        var limit = InFlightLimit.For(options);
        Assert.Equal(initial, limit.Current);

        var busy = Run(limit, BusyCpu, 10_000);
        var distant = Run(limit, Distant, 20_000);

        Assert.Equal(lowest, busy.Min());
        Assert.InRange(distant.Max(), highestAtLeast, fixedCalls > 0 ? fixedCalls : maxCalls);
    }
}
