using RedisEventSourcing.Storage;

namespace EventSourcing.Tests.Provider;

/// <summary>
/// The adaptive number of append calls in flight, fed the round trips of model stores: one whose
/// round trip does not grow with calls in flight (a network or an fsync to overlap), and one that
/// serves calls one at a time (a busy Redis: more calls only queue). Then whole model stores
/// (<see cref="Store"/>), which also say how long appends take under each limit: a distant store,
/// a busy CPU, and a disk whose fsync passes cover every call that reached them.
/// </summary>
public sealed class InFlightLimitTests
{
    [Fact]
    public void a_store_whose_round_trip_does_not_grow_with_calls_in_flight_is_given_the_maximum()
    {
        var limit = new InFlightLimit(initial: 4, min: 1, max: 64);

        limit.OnCallCompleted(2.0, alone: true, demand: false, appends: 1, latencySumMs: 2.0);
        for (var call = 0; call < 20_000; call++) limit.OnCallCompleted(2.0, alone: false, demand: true, appends: 1, latencySumMs: 2.0);

        Assert.Equal(64, limit.Current);
    }

    [Fact]
    public void a_store_that_serves_calls_one_at_a_time_keeps_few_in_flight()
    {
        const double ServiceMs = 0.3;
        var limit = new InFlightLimit(initial: 4, min: 1, max: 64, window: 500);
        limit.OnCallCompleted(ServiceMs, alone: true, demand: false, appends: 1, latencySumMs: ServiceMs); // a lone append: the store's own cost

        var seen = new List<int>();
        for (var call = 0; call < 20_000; call++)
        {
            // Every slot busy: a call waits for the ones ahead of it, and so do its appends (a
            // step down is only kept when appends got no slower, which here they do not).
            var roundTripMs = limit.Current * ServiceMs;
            limit.OnCallCompleted(roundTripMs, alone: limit.Current == 1, demand: true, appends: 1, latencySumMs: roundTripMs);
            if (call > 10_000) seen.Add(limit.Current);
        }

        Assert.InRange(seen.Min(), 1, 6);
        Assert.InRange(seen.Max(), 1, 6);
    }

    [Fact]
    public void a_store_whose_fsync_pass_covers_every_call_in_it_is_given_the_maximum()
    {
        // appendfsync always: a call waits for the pass it lands in, then that pass's one fsync,
        // however many calls share it: one to two fsyncs, never more with more calls in flight.
        const double FsyncMs = 8;
        var random = new Random(3);
        var limit = new InFlightLimit(initial: 4, min: 1, max: 64, window: 500);
        limit.OnCallCompleted(FsyncMs, alone: true, demand: false, appends: 1, latencySumMs: FsyncMs);

        // Mid-window at the end: every other window ends in a probe (one call alone), then goes back.
        for (var call = 0; call < 20_250; call++)
        {
            var roundTripMs = FsyncMs * (1 + random.NextDouble());
            limit.OnCallCompleted(roundTripMs, alone: limit.Current == 1, demand: true, appends: 1, latencySumMs: roundTripMs);
        }

        Assert.Equal(64, limit.Current);
    }

    [Fact]
    public void without_appends_waiting_for_a_slot_the_limit_does_not_grow()
    {
        var limit = new InFlightLimit(initial: 4, min: 1, max: 64);

        for (var call = 0; call < 5_000; call++) limit.OnCallCompleted(2.0, alone: call % 2 == 0, demand: false, appends: 1, latencySumMs: 2.0);

        Assert.Equal(4, limit.Current);
    }

    [Fact]
    public void a_store_that_became_distant_is_measured_again_and_its_calls_overlap()
    {
        var limit = new InFlightLimit(initial: 4, min: 1, max: 64, window: 500);
        limit.OnCallCompleted(0.1, alone: true, demand: false, appends: 1, latencySumMs: 0.1);
        // Now 2 ms away, with a little work per call in flight: at first every call looks queued.
        for (var call = 0; call < 3_000; call++)
        {
            var roundTripMs = 2.0 + 0.05 * limit.Current;
            limit.OnCallCompleted(roundTripMs, alone: limit.Current == 1, demand: true, appends: 1, latencySumMs: roundTripMs);
        }

        Assert.InRange(limit.ShortestMs, 2.0, 2.1);
        Assert.True(limit.Current >= 8, $"the limit stayed at {limit.Current} once the store was 2 ms away");
    }

    [Fact]
    public void calls_that_were_not_alone_never_set_the_measure_of_the_store()
    {
        var limit = new InFlightLimit(initial: 4, min: 1, max: 64);

        for (var call = 0; call < 1_000; call++) limit.OnCallCompleted(5.0, alone: false, demand: true, appends: 1, latencySumMs: 5.0);

        Assert.Equal(4, limit.Current);
        Assert.Equal(double.MaxValue, limit.ShortestMs);
    }

    [Fact]
    public void a_window_without_a_lone_call_ends_in_a_probe_that_one_lone_call_ends()
    {
        var limit = new InFlightLimit(initial: 8, min: 1, max: 64, window: 100);
        limit.OnCallCompleted(1.0, alone: true, demand: false, appends: 1, latencySumMs: 1.0);
        for (var call = 1; call < 200; call++) limit.OnCallCompleted(1.0, alone: false, demand: false, appends: 1, latencySumMs: 1.0); // the second window has no lone call
        var probing = limit.Current;
        for (var call = 0; call < 7; call++) limit.OnCallCompleted(1.0, alone: false, demand: false, appends: 1, latencySumMs: 1.0); // the calls still in flight come back
        var stillProbing = limit.Current;
        limit.OnCallCompleted(1.5, alone: true, demand: false, appends: 1, latencySumMs: 1.5);

        Assert.Equal((1, 1), (probing, stillProbing));
        Assert.Equal(8, limit.Current);
        Assert.Equal(1.5, limit.ShortestMs);
    }

    [Fact]
    public void a_fixed_limit_never_moves()
    {
        var limit = new InFlightLimit(initial: 8, min: 8, max: 8);

        for (var call = 0; call < 1_000; call++) limit.OnCallCompleted(call % 2 == 0 ? 0.1 : 50, alone: call % 2 == 0, demand: true, appends: 1, latencySumMs: call % 2 == 0 ? 0.1 : 50 + call);

        Assert.Equal(8, limit.Current);
    }

    [Fact]
    public void bounds_that_are_not_a_range_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new InFlightLimit(4, min: 0, max: 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => new InFlightLimit(4, min: 8, max: 4));
    }

    [Fact]
    public void the_default_adaptive_limit_keeps_two_calls_in_flight_however_busy_the_store()
    {
        var limit = InFlightLimit.For(new RedisEventSourcing.Options.RedisStreamsLogOptions());
        limit.OnCallCompleted(0.1, alone: true, demand: false, appends: 1, latencySumMs: 0.1);

        // Every call far slower than a lone one: a saturated store. Fewer calls do not make its
        // appends slower, so each step down is kept, down to the floor and no further.
        for (var call = 0; call < 5_000; call++) limit.OnCallCompleted(10.0, alone: false, demand: true, appends: 1, latencySumMs: 10.0);

        Assert.Equal(2, limit.Current);
    }

    [Theory]
    [InlineData(1, 64, 1, 1)]
    [InlineData(0, 1, 1, 1)]
    [InlineData(0, 64, 4, 2)]
    [InlineData(6, 64, 6, 6)]
    public void options_fix_the_limit_or_bound_the_adaptive_one(int fixedCalls, int maxCalls, int initial, int floor)
    {
        var options = new RedisEventSourcing.Options.RedisStreamsLogOptions { AppendCallsInFlight = fixedCalls, MaxAppendCallsInFlight = maxCalls };
        var limit = InFlightLimit.For(options);
        Assert.Equal(initial, limit.Current);

        limit.OnCallCompleted(0.1, alone: true, demand: false, appends: 1, latencySumMs: 0.1);
        // A saturated store whose appends take no longer with fewer calls: the limit steps down.
        for (var call = 0; call < 5_000; call++) limit.OnCallCompleted(10.0, alone: false, demand: true, appends: 1, latencySumMs: 10.0);

        Assert.Equal(floor, limit.Current);
    }

    /// <summary>
    /// A model store under a limit of l calls in flight and a heavy load: a call's round trip, how
    /// long an append takes from being queued to its answer (the wait for a slot and the call),
    /// whether appends are left waiting for a slot; and the round trip of a call sent alone.
    /// </summary>
    private sealed record Store(double LoneMs, Func<int, double> RoundTripMs, Func<int, double> AppendMs, Func<int, bool> Demand);

    private const int AppendsPerCall = 16;

    // 2 ms away: calls overlap their travel, so round trips hardly grow with calls in flight, and
    // appends wait for a slot until 64 calls carry them all.
    private static readonly Store Distant = new(2.0, l => 2.0 + 0.01 * l, l => (2.0 + 0.01 * l) * Math.Max(1, 64.0 / l), _ => true);

    // A local Redis with AOF on tmpfs, CPU-bound: it serves calls one at a time, so a call waits for
    // every call ahead (round trips 5x a lone call's per call in flight), and more, smaller calls
    // cost more CPU per append, so appends take longer the more calls are in flight.
    private static readonly Store BusyCpu = new(0.1, l => 0.5 * l, l => 2.0 + 0.1 * l, _ => true);

    // A local Redis with appendfsync always on a real disk: a lone call takes one pass and its
    // small fsync (1 ms); under load each call waits for the pass ahead and then its own, whose
    // fsync grows with what it covers, so round trips are 4-6x a lone call's at any limit. Below
    // 8 calls appends wait for a slot and each pass covers fewer of them: appends are answered
    // soonest at 8 calls (4 + 8/l + l/8), fewer is slower, more only adds to each pass.
    private static readonly Store FsyncPasses = new(1.0, l => 2 * (2.0 + 0.1 * l), l => 4.0 + 8.0 / l + l / 8.0, l => l < 8);

    /// <summary>
    /// Runs <paramref name="calls"/> calls against the store of each call (stores may change under
    /// a running queue); the limit after each. A call is alone when the limit is one (the probe of a
    /// lone round trip), and the queue's first call finds nothing in flight.
    /// <paramref name="noise"/>: each call's round trip and latency vary by up to that fraction.
    /// </summary>
    /// <param name="wander">The store's own drift, the same for every limit: all latencies scaled by a
    /// factor within ±that fraction, drawn anew every <paramref name="wanderCalls"/> calls (a disk's
    /// fsync time changing from pass to pass, a machine's CPU speed from second to second).</param>
    private static List<int> Run(InFlightLimit limit, Func<int, Store> storeAt, int calls, double noise = 0, int seed = 1, double wander = 0, int wanderCalls = 50)
    {
        var random = new Random(seed);
        var seen = new List<int>(calls);
        var drift = 1.0;
        for (var call = 0; call < calls; call++)
        {
            var store = storeAt(call);
            var l = limit.Current;
            if (call % wanderCalls == 0) drift = 1 + wander * (2 * random.NextDouble() - 1);
            double Noisy(double ms) => drift * ms * (1 + noise * (2 * random.NextDouble() - 1));
            if (call == 0 || l == 1) limit.OnCallCompleted(Noisy(store.LoneMs), alone: true, demand: false, appends: 1, latencySumMs: Noisy(store.LoneMs));
            else limit.OnCallCompleted(Noisy(store.RoundTripMs(l)), alone: false, demand: store.Demand(l), AppendsPerCall, AppendsPerCall * Noisy(store.AppendMs(l)));
            seen.Add(limit.Current);
        }
        return seen;
    }

    private static List<int> Run(InFlightLimit limit, Store store, int calls, double noise = 0, int seed = 1, double wander = 0) =>
        Run(limit, _ => store, calls, noise, seed, wander);

    private static int Median(IEnumerable<int> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    private static InFlightLimit Default() => InFlightLimit.For(new RedisEventSourcing.Options.RedisStreamsLogOptions());

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.1)]
    public void a_distant_store_is_given_the_maximum_and_keeps_it(double noise)
    {
        var seen = Run(Default(), Distant, 45_000, noise);

        // Round trips never reach Shrink, so no step down is ever tried: below 64 only the probe of
        // the lone round trip at the end of a window without a lone call (one call, for one call).
        Assert.Equal(64, seen[^1]);
        Assert.Equal([1], seen.Skip(10_000).Where(l => l != 64));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.1)]
    public void a_busy_cpu_is_given_few_large_calls(double noise)
    {
        var limit = new InFlightLimit(initial: 32, min: 2, max: 64);

        var seen = Run(limit, BusyCpu, 20_000, noise);

        // Every step down made appends faster, so the floor; below it only the probes of the lone
        // round trip (one call for a moment), above it only the ever rarer tries of one more call,
        // each undone (more calls cost this store more per append).
        var last = seen.TakeLast(10_000).ToList();
        Assert.Equal(2, Median(last));
        Assert.All(last, l => Assert.InRange(l, 1, 3));
        Assert.True(last.Count(l => l == 3) < last.Count / 20, $"{last.Count(l => l == 3)} of the last {last.Count} calls went out under a step up");
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.1)]
    public void fsync_passes_climb_from_the_default_to_the_calls_that_answer_appends_soonest(double noise)
    {
        // Round trips 4-6x a lone call's: the rule on round trips alone would shrink to the floor,
        // where appends wait longest for a slot. From the default 4, a step down to 3 makes appends
        // 8 % slower and is undone; steps up make them faster until about 8, where they stay but
        // for ever rarer tries either side.
        var seen = Run(Default(), FsyncPasses, 40_000, noise, seed: 7);

        var last = seen.TakeLast(20_000).ToList();
        Assert.InRange(Median(last), 6, 13);
        Assert.DoesNotContain(2, last);
        // Each step down that made appends slower is tried again only after twice as many windows.
        var probes = last.Count(l => l < Median(last));
        Assert.True(probes < last.Count / 20, $"{probes} of the last {last.Count} calls went out under a step down already found slower");
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.1)]
    public void fsync_passes_reached_from_many_calls_settle_near_the_calls_that_answer_appends_soonest(double noise)
    {
        // Distant first (the limit grows to 64), then the store is a local disk with fsync passes:
        // steps down are kept while appends get faster or no slower (64 → 43 → … → 6), not to 4.
        var limit = new InFlightLimit(initial: 4, min: 2, max: 64, window: 2_000);

        var seen = Run(limit, call => call < 10_000 ? Distant : FsyncPasses, 40_000, noise, seed: 5);

        Assert.Equal(64, Median(seen.Skip(5_000).Take(5_000)));
        Assert.InRange(Median(seen.TakeLast(20_000)), 5, 13);
        Assert.DoesNotContain(2, seen.TakeLast(20_000));
    }

    // Calls queue (round trips 5x a lone call's) but the limit changes nothing: appends take 4 ms
    // at any limit, and would wait for a slot below 8.
    private static readonly Store Indifferent = new(1.0, _ => 5.0, _ => 4.0, l => l < 8);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void a_store_whose_latency_wanders_more_than_the_limit_changes_it_keeps_the_limit_it_has(int seed)
    {
        // Window means ±40 % apart whatever the limit (a disk's fsync passes): a rule that keeps a
        // step down on a tie walks to the floor on such noise and stays there. Here windows grow and
        // a step must beat the wander, so the limit stays about where it was, and the floor is
        // only ever tried: one window at a time (at most 16 x 64 calls), then undone.
        var limit = new InFlightLimit(initial: 4, min: 2, max: 64);

        var seen = Run(limit, Indifferent, 60_000, noise: 0.1, seed: seed, wander: 0.4);

        var last = seen.TakeLast(30_000).ToList();
        Assert.InRange(Median(last), 3, 6);
        Assert.InRange(LongestRun(last, 2), 0, 16 * 64 + 8);
    }

    private static int LongestRun(List<int> seen, int value)
    {
        int longest = 0, run = 0;
        foreach (var l in seen)
        {
            run = l == value ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }
        return longest;
    }

    [Fact]
    public void wander_lengthens_the_windows_and_its_end_shortens_them_again()
    {
        var limit = new InFlightLimit(initial: 4, min: 2, max: 64);
        Run(limit, Indifferent, 30_000, seed: 4, wander: 0.4);
        var (noisy, scaleNoisy) = (limit.TrialNoise, limit.TrialWindowScale);

        Run(limit, Indifferent, 60_000, seed: 5);

        Assert.True(scaleNoisy >= 4, $"windows {scaleNoisy}x the shortest under ±40 % wander (noise {noisy:0.000})");
        Assert.Equal(1, limit.TrialWindowScale);
        Assert.True(limit.TrialNoise < 0.015, $"noise {limit.TrialNoise:0.000} once the wander stopped");
    }

    [Fact]
    public void fsync_passes_that_wander_a_little_still_climb_to_the_calls_that_answer_appends_soonest()
    {
        var seen = Run(Default(), FsyncPasses, 60_000, noise: 0.1, seed: 7, wander: 0.05);

        var last = seen.TakeLast(20_000).ToList();
        Assert.InRange(Median(last), 6, 13);
        Assert.DoesNotContain(2, last);
    }

    [Fact]
    public void a_store_that_moves_from_local_to_distant_and_back_is_followed()
    {
        // The lone round trip is measured again every 2,000 calls, so each move is seen.
        var limit = new InFlightLimit(initial: 4, min: 2, max: 64, window: 2_000);

        var seen = Run(limit, call => call is >= 15_000 and < 30_000 ? Distant : BusyCpu, 45_000);

        Assert.Equal(2, Median(seen.Skip(5_000).Take(10_000)));
        Assert.Equal(64, Median(seen.Skip(20_000).Take(10_000)));
        Assert.Equal(2, Median(seen.Skip(35_000)));
    }

    [Fact]
    public void a_limit_that_grew_since_its_steps_failed_is_not_held_by_the_old_back_off()
    {
        var limit = new InFlightLimit(initial: 8, min: 2, max: 64);
        limit.OnCallCompleted(0.1, alone: true, demand: false, appends: 1, latencySumMs: 0.1);
        // Calls queue; at 8 calls appends take 10 ms, at 5 calls 11 ms, at 12 calls 10 ms: each step
        // down fails (slower) and each step up too (not faster), and after the seventh failed step
        // down that direction is held for 64 windows before the next try.
        var failures = 0;
        for (var call = 0; failures < 7 && call < 1_000_000; call++)
        {
            var before = limit.Current;
            limit.OnCallCompleted(10.0, alone: false, demand: true, appends: 1, latencySumMs: before < 8 ? 11.0 : 10.0);
            if (before < 8 && limit.Current == 8) failures++;
        }
        // Then round trips as short as a lone call's: the store changed, and the limit grows.
        for (var call = 0; limit.Current < 10 && call < 10_000; call++) limit.OnCallCompleted(0.1, alone: false, demand: true, appends: 1, latencySumMs: 0.1);
        var grown = limit.Current;

        // Calls queue again, and fewer make appends no slower: a step down is kept within a few
        // windows (a baseline, perhaps a step up undone first), not after the 64 the old store earned.
        var calls = 0;
        while (limit.Current >= grown && calls < 100_000)
        {
            limit.OnCallCompleted(10.0, alone: false, demand: true, appends: 1, latencySumMs: 10.0);
            calls++;
        }

        Assert.Equal((7, 10), (failures, grown));
        Assert.InRange(calls, 64, 4 * 64 + 2 * 15);
    }

    [Fact]
    public void a_step_down_not_yet_judged_when_the_queue_runs_empty_is_undone()
    {
        // Bursts that each end mid-step must not walk the limit down without evidence.
        var limit = new InFlightLimit(initial: 8, min: 2, max: 64);
        limit.OnCallCompleted(0.1, alone: true, demand: false, appends: 1, latencySumMs: 0.1);
        for (var call = 0; call < 64; call++) limit.OnCallCompleted(10.0, alone: false, demand: true, appends: 8, latencySumMs: 80.0);
        var stepped = limit.Current;

        limit.OnIdle();

        Assert.Equal((5, 8), (stepped, limit.Current));
    }

    [Fact]
    public void a_step_down_judged_no_slower_is_kept_when_the_queue_runs_empty()
    {
        var limit = new InFlightLimit(initial: 8, min: 2, max: 64);
        limit.OnCallCompleted(0.1, alone: true, demand: false, appends: 1, latencySumMs: 0.1);
        // A window at 8 (the baseline), the 8 calls still in flight, and a window at 5: as fast.
        for (var call = 0; call < 64 + 8 + 64; call++) limit.OnCallCompleted(10.0, alone: false, demand: true, appends: 8, latencySumMs: 80.0);
        var stepped = limit.Current;

        limit.OnIdle();

        // Judged no slower at 5, it tried 3 next: that step is undone, the one to 5 stays.
        Assert.Equal((3, 5), (stepped, limit.Current));
    }

    [Fact]
    public void a_step_down_that_made_appends_slower_is_undone()
    {
        var limit = new InFlightLimit(initial: 8, min: 2, max: 64);
        limit.OnCallCompleted(0.1, alone: true, demand: false, appends: 1, latencySumMs: 0.1);
        for (var call = 0; call < 64; call++) limit.OnCallCompleted(10.0, alone: false, demand: true, appends: 8, latencySumMs: 8 * 10.0);
        var stepped = limit.Current;
        // At 5 calls appends take 5 % longer: more than the 3 % that counts as noise.
        for (var call = 0; call < 8 + 64; call++) limit.OnCallCompleted(10.0, alone: false, demand: true, appends: 8, latencySumMs: 8 * 10.5);

        Assert.Equal((5, 8), (stepped, limit.Current));
    }
}
