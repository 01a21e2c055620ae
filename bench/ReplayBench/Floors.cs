using System.Globalization;

namespace ReplayBench;

/// <summary>The two floors of issue 3, judged on a run's results.</summary>
public static class Floors
{
    public sealed record Verdict(bool Pass, string Text);

    /// <summary>Replay without a snapshot at least 50% of the raw XRANGE rate, on every history long enough for the fixed activation cost not to dominate.</summary>
    public static Verdict Replay(IReadOnlyList<LengthResult> results)
    {
        var judged = results.Where(r => r.Events >= BenchPlan.ReplayFloorMinLength).ToList();
        if (judged.Count == 0) return new(false, "replay floor: no history long enough was measured");
        var worst = judged.MinBy(r => r.ReplayToRaw)!;
        var pass = judged.All(r => r.ReplayToRaw >= 0.5);
        var each = string.Join(", ", judged.Select(r => $"{Events(r.Events)}: {Percent(r.ReplayToRaw)}"));
        return new(pass, $"{(pass ? "PASS" : "FAIL")}  replay without snapshot >= 50% of raw XRANGE rate (medians, histories >= {Events(BenchPlan.ReplayFloorMinLength)}): {each}; worst {Percent(worst.ReplayToRaw)} at {Events(worst.Events)}"
            + $" (median of the per-run paired ratios: {string.Join(", ", judged.Select(r => $"{Events(r.Events)}: {Percent(r.PairedReplayToRaw)}"))};"
            + $" best runs: {string.Join(", ", judged.Select(r => $"{Events(r.Events)}: {Percent(r.BestReplayToRaw)}"))})");
    }

    /// <summary>With snapshots, the longest history activates within 2x the time of a 100-event user.</summary>
    public static Verdict Snapshot(IReadOnlyList<LengthResult> results)
    {
        var baseline = results.FirstOrDefault(r => r.Events == BenchPlan.BaselineLength);
        var longest = results.MaxBy(r => r.Events);
        if (baseline is null || longest is null || longest == baseline) return new(false, "snapshot floor: baseline or long history missing");
        var factor = longest.ActivationSnapshotMs / baseline.ActivationSnapshotMs;
        var pass = factor <= 2;
        var scope = longest.Events >= 1_000_000 ? "" : $" (measured at {Events(longest.Events)}: this mode has no 1M-event user)";
        return new(pass, $"{(pass ? "PASS" : "FAIL")}  with snapshots, {Events(longest.Events)}-event user activates within 2x a {BenchPlan.BaselineLength}-event user: "
            + $"median {Ms(longest.ActivationSnapshotMs)} vs {Ms(baseline.ActivationSnapshotMs)} = {factor.ToString("0.00", CultureInfo.InvariantCulture)}x"
            + $" (best runs: {Ms(longest.BestActivationSnapshotMs)} vs {Ms(baseline.BestActivationSnapshotMs)} = {(longest.BestActivationSnapshotMs / baseline.BestActivationSnapshotMs).ToString("0.00", CultureInfo.InvariantCulture)}x){scope}");
    }

    internal static string Events(int n) => n switch
    {
        >= 1_000_000 when n % 1_000_000 == 0 => $"{n / 1_000_000}M",
        >= 1_000 when n % 1_000 == 0 => $"{n / 1_000}k",
        _ => n.ToString(CultureInfo.InvariantCulture),
    };

    internal static string Percent(double ratio) => (ratio * 100).ToString("0", CultureInfo.InvariantCulture) + "%";

    internal static string Ms(double ms) => ms.ToString(ms < 10 ? "0.00" : ms < 100 ? "0.0" : "0", CultureInfo.InvariantCulture) + " ms";
}
