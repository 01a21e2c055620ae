using System.Globalization;
using System.Text;
using WriteBench.Workloads;

namespace WriteBench.Reporting;

/// <summary>
/// One row per store regime and durability, workload W: ours, and ours ÷ each baseline with its
/// floor, so "does the lead hold when the store is slow or far away" is one table.
/// </summary>
public static class RegimeTable
{
    private static readonly (string Target, string Header, double? Floor)[] Columns =
    [
        (Suite.Script, "÷ append.lua direct", 0.6),
        (Suite.StateStorage, "÷ StateStorage", 0.8),
        (Suite.LogStorage, "÷ LogStorage", 1.5),
        (Suite.Marten, "÷ Marten", 5),
        (Suite.Xadd, "÷ XADD", 0.25),
        (Suite.OrleansRead, "÷ Orleans round trip alone", null),
        (Suite.OursFixed, "÷ ours with fixed 4 in flight", null),
        (Suite.OursProduct, "÷ ours through the product UserGrain", null),
    ];

    public static void Render(StringBuilder md, IReadOnlyList<RunResult> results)
    {
        var w = results.Where(r => r.Workload == WorkloadKind.W).ToList();
        if (w.Count == 0) return;
        md.AppendLine("### Store regimes, workload W");
        md.AppendLine();
        md.AppendLine("Medians over repetitions; a ratio below its floor is marked ✗ (the Orleans round trip alone has no floor: it is the ceiling any provider reaches through Orleans here).");
        md.AppendLine();
        var control = w.Any(r => r.Target == Suite.OursTwin);
        md.AppendLine($"| store | durability | ours cmd/s | ours p50 ms | {string.Join(" | ", Columns.Select(c => c.Header + (c.Floor is { } f ? $" (≥ {f.ToString(CultureInfo.InvariantCulture)})" : "")))} | telemetry on ÷ off (≥ 0.95) |{(control ? " A/A: a second silo of ours ÷ ours |" : "")}");
        md.AppendLine($"|---|---|---|---|{string.Concat(Columns.Select(_ => "---|"))}---|{(control ? "---|" : "")}");
        foreach (var (regime, d) in w.Select(r => (r.Regime, r.Durability)).Distinct())
        {
            var rows = w.Where(r => r.Regime == regime && r.Durability == d).ToList();
            var ours = Spread.Of(rows.Where(r => r.Target == Suite.Ours).Select(r => r.CommandsPerSecond));
            var p50 = Spread.Of(rows.Where(r => r.Target == Suite.Ours && r.P50Ms.HasValue).Select(r => r.P50Ms!.Value));
            var cells = Columns.Select(c =>
            {
                var theirs = Spread.Of(rows.Where(r => r.Target == c.Target).Select(r => r.CommandsPerSecond));
                if (theirs.Count == 0 || ours.Count == 0) return "-";
                var ratio = ours.Median / theirs.Median;
                var mark = c.Floor is { } f && ratio < f ? " ✗" : "";
                return ratio.ToString("0.00", CultureInfo.InvariantCulture) + "×" + mark;
            });
            var telemetry = Variant(rows, d, Suite.OursTelemetry, ours, 0.95);
            var twin = control ? $" {Variant(rows, d, Suite.OursTwin, ours, null)} |" : "";
            md.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {regime.Short()} | {d} | {(ours.Count == 0 ? "-" : ours.Median.ToString("N0", CultureInfo.InvariantCulture))} | {(p50.Count == 0 ? "-" : p50.Median.ToString("0.00", CultureInfo.InvariantCulture))} | {string.Join(" | ", cells)} | {telemetry} |{twin}"));
        }
        md.AppendLine();
    }

    /// <summary>As the floor reads it (Floors.TelemetryCost): the median of slices paired in time, else the ratio of the medians.</summary>
    private static string Variant(List<RunResult> rows, Durability d, string variant, Spread ours, double? floor)
    {
        var theirs = Spread.Of(rows.Where(r => r.Target == variant).Select(r => r.CommandsPerSecond));
        var (paired, _) = Floors.PairedRatios(rows, d, variant, Suite.Ours);
        var ratio = paired.Count > 0 ? Spread.Of(paired).Median : theirs.Count == 0 || ours.Count == 0 ? double.NaN : theirs.Median / ours.Median;
        return double.IsNaN(ratio) ? "-" : ratio.ToString("0.00", CultureInfo.InvariantCulture) + "×" + (floor is { } f && ratio < f ? " ✗" : "");
    }
}
