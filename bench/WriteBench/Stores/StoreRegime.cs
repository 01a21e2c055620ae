using System.Globalization;

namespace WriteBench.Stores;

/// <summary>
/// How far and how slow the store is, the same for every target of a run: a one-way delay added
/// by a <see cref="LatencyProxy"/> in front of redis-server, and the folder its AOF is written
/// to (a tmpfs for a fast fsync, a disk for a real one).
/// </summary>
public sealed record StoreRegime(double RoundTripMs, string? AofDirectory)
{
    public static StoreRegime Local { get; } = new(0, null);

    /// <summary>The regime of this process's run (set once from the command line).</summary>
    public static StoreRegime Current { get; set; } = Local;

    public TimeSpan OneWay => TimeSpan.FromMilliseconds(RoundTripMs / 2);

    public string Label() =>
        string.Create(CultureInfo.InvariantCulture, $"+{RoundTripMs:0.##} ms round trip, AOF in {AofDirectory ?? "the temp folder"}");
}
