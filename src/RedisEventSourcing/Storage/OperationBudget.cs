using System.Diagnostics;

namespace RedisEventSourcing.Storage;

/// <summary>
/// The time one caller may wait for the store: <see cref="Options.RedisStreamsLogOptions.OperationTimeout"/>
/// from when its write started (or the activation its call caused), whatever it waits on (the
/// activation's reads, the group-commit queue, the script and its WAIT, the outcome check after a
/// lost answer, a re-read after a conflict). Each wait takes what is left,
/// so a stalled Redis costs a caller one timeout, not one per round trip.
/// </summary>
internal readonly struct OperationBudget
{
    private readonly long _started;

    private OperationBudget(TimeSpan total)
    {
        _started = Stopwatch.GetTimestamp();
        Total = total;
    }

    public TimeSpan Total { get; }

    public TimeSpan Remaining
    {
        get
        {
            var left = Total - Stopwatch.GetElapsedTime(_started);
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }

    /// <summary>
    /// Kept back from the append for the outcome check that follows a lost answer: the script's
    /// deadline ends this much before the budget, so "absent" can be proven (server clock past the
    /// deadline, then one read) before the caller's time is up.
    /// </summary>
    public TimeSpan OutcomeCheckReserve => TimeSpan.FromMilliseconds(Math.Min(1000, Total.TotalMilliseconds / 5));

    public static OperationBudget Start(TimeSpan total) => new(total);
}
