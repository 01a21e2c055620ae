using RedisEventSourcing.Storage;

namespace EventSourcing.Tests.Provider;

/// <summary>
/// The adaptive number of append calls in flight, fed the round trips of model stores: one whose
/// round trip does not grow with calls in flight (a network or an fsync to overlap), and one that
/// serves calls one at a time (a busy Redis: more calls only queue).
/// </summary>
public sealed class InFlightLimitTests
{
    [Fact]
    public void a_store_whose_round_trip_does_not_grow_with_calls_in_flight_is_given_the_maximum()
    {
        var limit = new InFlightLimit(initial: 4, min: 1, max: 64);

        limit.OnCallCompleted(2.0, alone: true, demand: false);
        for (var call = 0; call < 20_000; call++) limit.OnCallCompleted(2.0, alone: false, demand: true);

        Assert.Equal(64, limit.Current);
    }

    [Fact]
    public void a_store_that_serves_calls_one_at_a_time_keeps_few_in_flight()
    {
        const double ServiceMs = 0.3;
        var limit = new InFlightLimit(initial: 4, min: 1, max: 64, window: 500);
        limit.OnCallCompleted(ServiceMs, alone: true, demand: false); // a lone append: the store's own cost

        var seen = new List<int>();
        for (var call = 0; call < 20_000; call++)
        {
            // Every slot busy: a call waits for the ones ahead of it.
            limit.OnCallCompleted(limit.Current * ServiceMs, alone: limit.Current == 1, demand: true);
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
        limit.OnCallCompleted(FsyncMs, alone: true, demand: false);

        // Mid-window at the end: every other window ends in a probe (one call alone), then goes back.
        for (var call = 0; call < 20_250; call++) limit.OnCallCompleted(FsyncMs * (1 + random.NextDouble()), alone: limit.Current == 1, demand: true);

        Assert.Equal(64, limit.Current);
    }

    [Fact]
    public void without_appends_waiting_for_a_slot_the_limit_does_not_grow()
    {
        var limit = new InFlightLimit(initial: 4, min: 1, max: 64);

        for (var call = 0; call < 5_000; call++) limit.OnCallCompleted(2.0, alone: call % 2 == 0, demand: false);

        Assert.Equal(4, limit.Current);
    }

    [Fact]
    public void a_store_that_became_distant_is_measured_again_and_its_calls_overlap()
    {
        var limit = new InFlightLimit(initial: 4, min: 1, max: 64, window: 500);
        limit.OnCallCompleted(0.1, alone: true, demand: false);
        // Now 2 ms away, with a little work per call in flight: at first every call looks queued.
        for (var call = 0; call < 3_000; call++)
            limit.OnCallCompleted(2.0 + 0.05 * limit.Current, alone: limit.Current == 1, demand: true);

        Assert.InRange(limit.ShortestMs, 2.0, 2.1);
        Assert.True(limit.Current >= 8, $"the limit stayed at {limit.Current} once the store was 2 ms away");
    }

    [Fact]
    public void calls_that_were_not_alone_never_set_the_measure_of_the_store()
    {
        var limit = new InFlightLimit(initial: 4, min: 1, max: 64);

        for (var call = 0; call < 1_000; call++) limit.OnCallCompleted(5.0, alone: false, demand: true);

        Assert.Equal(4, limit.Current);
        Assert.Equal(double.MaxValue, limit.ShortestMs);
    }

    [Fact]
    public void a_window_without_a_lone_call_ends_in_a_probe_that_one_lone_call_ends()
    {
        var limit = new InFlightLimit(initial: 8, min: 1, max: 64, window: 100);
        limit.OnCallCompleted(1.0, alone: true, demand: false);
        for (var call = 1; call < 200; call++) limit.OnCallCompleted(1.0, alone: false, demand: false); // the second window has no lone call
        var probing = limit.Current;
        for (var call = 0; call < 7; call++) limit.OnCallCompleted(1.0, alone: false, demand: false); // the calls still in flight come back
        var stillProbing = limit.Current;
        limit.OnCallCompleted(1.5, alone: true, demand: false);

        Assert.Equal((1, 1), (probing, stillProbing));
        Assert.Equal(8, limit.Current);
        Assert.Equal(1.5, limit.ShortestMs);
    }

    [Fact]
    public void a_fixed_limit_never_moves()
    {
        var limit = new InFlightLimit(initial: 8, min: 8, max: 8);

        for (var call = 0; call < 1_000; call++) limit.OnCallCompleted(call % 2 == 0 ? 0.1 : 50, alone: call % 2 == 0, demand: true);

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
        limit.OnCallCompleted(0.1, alone: true, demand: false);

        // Every call far slower than a lone one: a saturated store, which shrinks the limit.
        for (var call = 0; call < 5_000; call++) limit.OnCallCompleted(10.0, alone: false, demand: true);

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

        limit.OnCallCompleted(0.1, alone: true, demand: false);
        for (var call = 0; call < 5_000; call++) limit.OnCallCompleted(10.0, alone: false, demand: true);

        Assert.Equal(floor, limit.Current);
    }
}
