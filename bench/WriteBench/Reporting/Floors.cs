using System.Globalization;
using WriteBench.Workloads;

namespace WriteBench.Reporting;

public sealed record FloorResult(string Name, bool? Pass, string Detail)
{
    public string Line => $"{(Pass switch { true => "PASS", false => "FAIL", null => "INFO" })}: {Name} — {Detail}";
}

/// <summary>The floors of issue 4, on medians over repetitions, at each durability level measured.</summary>
public static class Floors
{
    public static List<FloorResult> Evaluate(IReadOnlyList<RunResult> results, MemoryProbeResult memory)
    {
        var floors = new List<FloorResult>();
        var regimes = results.Select(r => r.Regime).Distinct().ToList();
        foreach (var regime in regimes)
        {
            var inRegime = results.Where(r => r.Regime == regime).ToList();
            foreach (var d in inRegime.Select(r => r.Durability).Distinct())
            {
                // W is "acknowledged only when durable": strict. Relaxed is reported beside it.
                var tag = (d == Durability.Strict ? "strict" : "relaxed, beside") + (regimes.Count > 1 ? $"; store {regime.Short()}" : "");
                Ratio(floors, inRegime, d, WorkloadKind.W, Suite.Xadd, 0.25, $"[{tag}] W: ours ≥ 0.25 × redis-benchmark XADD");
                Ratio(floors, inRegime, d, WorkloadKind.W, Suite.Script, 0.6, $"[{tag}] W: ours ≥ 0.6 × append.lua called directly");
                Ratio(floors, inRegime, d, WorkloadKind.L, Suite.LogStorage, 10, $"[{tag}] L: ours ≥ 10 × Orleans LogStorage");
                Ratio(floors, inRegime, d, WorkloadKind.W, Suite.LogStorage, 1.5, $"[{tag}] W: ours ≥ 1.5 × Orleans LogStorage");
                Ratio(floors, inRegime, d, WorkloadKind.W, Suite.StateStorage, 0.8, $"[{tag}] W: ours ≥ 0.8 × Orleans StateStorage");
                Ratio(floors, inRegime, d, WorkloadKind.W, Suite.Marten, 5, $"[{tag}] W: ours ≥ 5 × Marten");
                // Not a floor: the share of the Orleans round trip without any store that ours keeps (the ceiling of any provider).
                TelemetryCost(floors, inRegime, d, $"[{tag}] W: ours with telemetry on ≥ 0.95 × ours with it off (issue 14)");
                Control(floors, inRegime, d, Suite.OursTwin, $"[{tag}] W: a second silo of ours ÷ ours (A/A control: the paired estimator's own spread)");
                Control(floors, inRegime, d, Suite.OursTelemetryAlt, $"[{tag}] W: the --alt-silo-dll build with telemetry on ÷ ours");
                Ratio(floors, inRegime, d, WorkloadKind.W, Suite.OrleansRead, null, $"[{tag}] W: ours as a fraction of the Orleans round trip alone");
                Ratio(floors, inRegime, d, WorkloadKind.W, Suite.OursProduct, null, $"[{tag}] W: ours (bench grain) ÷ ours through the product UserGrain");
            }
        }
        floors.Add(new FloorResult("Redis memory ≤ 2 KB (2,048 B) per user with 5 events (all keys incl. the feed)", memory.BytesPerSmallUser <= 2048,
            string.Create(CultureInfo.InvariantCulture, $"{memory.BytesPerSmallUser:N0} B/user ({memory.Settings})")));
        var martenLong = Median(results, Durability.Strict, WorkloadKind.L, Suite.Marten, r => r.BytesPerEvent ?? double.NaN);
        var oursLong = Median(results, Durability.Strict, WorkloadKind.L, Suite.Ours, r => r.BytesPerEvent ?? double.NaN);
        floors.Add(new FloorResult("Bytes per event, 1,000-event users", null, string.Create(CultureInfo.InvariantCulture,
            $"Redis (probe) {memory.BytesPerLongEvent:N0} B/event; ours after L run {oursLong:N0} B/event; Marten mt_events+mt_streams {martenLong:N0} B/event on disk")));
        return floors;
    }

    public static double Median(IReadOnlyList<RunResult> results, Durability d, WorkloadKind w, string target, Func<RunResult, double> value) =>
        Spread.Of(results.Where(r => r.Durability == d && r.Workload == w && r.Target == target).Select(value)).Median;

    /// <summary>
    /// What telemetry leaves of ours' throughput, from slices paired in time: the median, over every
    /// repetition, of each slice of "on" divided by the slice of "off" run next to it. The paired rounds
    /// (<see cref="Targets.PairedRounds"/>: hundreds of short slices back to back) are used where the
    /// run has them, else the rotating slices. The machine's slow spells (seconds long, up to 1.75x) then
    /// fall inside a pair instead of between two runs' totals. The ratio of the medians, the silo's CPU
    /// per command and the A/A control (<see cref="Control"/>) are reported beside it.
    /// </summary>
    private static void TelemetryCost(List<FloorResult> floors, IReadOnlyList<RunResult> results, Durability d, string name)
    {
        const double floor = 0.95;
        var off = Median(results, d, WorkloadKind.W, Suite.Ours, r => r.CommandsPerSecond);
        var on = Median(results, d, WorkloadKind.W, Suite.OursTelemetry, r => r.CommandsPerSecond);
        if (double.IsNaN(off) || double.IsNaN(on))
        {
            floors.Add(new FloorResult(name, null, "not measured in this run"));
            return;
        }
        var (paired, source) = PairedRatios(results, d, Suite.OursTelemetry, Suite.Ours);
        var silo = (Off: Median(results, d, WorkloadKind.W, Suite.Ours, r => r.SiloCpu ?? double.NaN), On: Median(results, d, WorkloadKind.W, Suite.OursTelemetry, r => r.SiloCpu ?? double.NaN));
        if (paired.Count == 0)
        {
            floors.Add(new FloorResult(name, on / off >= floor, string.Create(CultureInfo.InvariantCulture,
                $"on {on:N0} cmd/s vs off {off:N0} cmd/s = {on / off:0.00}× (floor {floor}×; not interleaved, so no paired slices); silo CPU {silo.On:0.0} s vs {silo.Off:0.0} s")));
            return;
        }
        var spread = Spread.Of(paired);
        floors.Add(new FloorResult(name, spread.Median >= floor, string.Create(CultureInfo.InvariantCulture,
            $"median of {paired.Count} {source} {spread.Median:0.00}× (floor {floor}×; interquartile {Quantile(paired, 0.25):0.00}-{Quantile(paired, 0.75):0.00}); ratio of the medians: on {on:N0} cmd/s vs off {off:N0} cmd/s = {on / off:0.00}×; {CpuPerCommand(results, d, Suite.OursTelemetry, Suite.Ours)}")));
    }

    /// <summary>A variant of ours read the same way: the A/A twin (how far the estimator reads from 1.00 by chance in this run) or another build.</summary>
    private static void Control(List<FloorResult> floors, IReadOnlyList<RunResult> results, Durability d, string variant, string name)
    {
        var (paired, source) = PairedRatios(results, d, variant, Suite.Ours);
        if (paired.Count == 0) return;
        var spread = Spread.Of(paired);
        var perRepetition = results.Where(r => r.Durability == d && r.Workload == WorkloadKind.W && r.Target == variant)
            .Select(a => (a, b: results.FirstOrDefault(r => r.Durability == d && r.Workload == WorkloadKind.W && r.Target == Suite.Ours && r.Repetition == a.Repetition)))
            .Where(p => p.b is not null).Select(p => p.a.CommandsPerSecond / p.b!.CommandsPerSecond);
        floors.Add(new FloorResult(name, null, string.Create(CultureInfo.InvariantCulture,
            $"median of {paired.Count} {source} {spread.Median:0.00}× (interquartile {Quantile(paired, 0.25):0.00}-{Quantile(paired, 0.75):0.00}); rotating slices' totals per repetition {string.Join(" / ", perRepetition.Select(x => x.ToString("0.00", CultureInfo.InvariantCulture)))}; {CpuPerCommand(results, d, variant, Suite.Ours)}")));
    }

    /// <summary>Ratios of the paired rounds where every repetition has them, else of the rotating slices.</summary>
    public static (List<double> Ratios, string Source) PairedRatios(IReadOnlyList<RunResult> results, Durability d, string target, string baseline)
    {
        var rounds = PairedSliceRatios(results, d, target, baseline, r => r.PairedSliceRates);
        return rounds.Count > 0 ? (rounds, "paired-round slices") : (PairedSliceRatios(results, d, target, baseline, r => r.SliceRates), "paired slices");
    }

    private static string CpuPerCommand(IReadOnlyList<RunResult> results, Durability d, string target, string baseline)
    {
        var a = Median(results, d, WorkloadKind.W, target, r => r.PairedSiloCpuPerCommand ?? double.NaN) * 1e6;
        var b = Median(results, d, WorkloadKind.W, baseline, r => r.PairedSiloCpuPerCommand ?? double.NaN) * 1e6;
        return double.IsNaN(a) || double.IsNaN(b) ? "silo CPU per command not measured"
            : string.Create(CultureInfo.InvariantCulture, $"silo CPU per command in the paired rounds {a:0.0} µs vs {b:0.0} µs ({a / b:0.00}×)");
    }

    private static double Quantile(List<double> values, double q)
    {
        var sorted = values.Order().ToList();
        var pos = q * (sorted.Count - 1);
        var lo = (int)Math.Floor(pos);
        return lo + 1 < sorted.Count ? sorted[lo] + (pos - lo) * (sorted[lo + 1] - sorted[lo]) : sorted[lo];
    }

    /// <summary>Slice-by-slice ratios of <paramref name="target"/> to <paramref name="baseline"/> within each repetition, pooled.</summary>
    public static List<double> PairedSliceRatios(IReadOnlyList<RunResult> results, Durability d, string target, string baseline, Func<RunResult, IReadOnlyList<double>> slices)
    {
        var ratios = new List<double>();
        foreach (var a in results.Where(r => r.Durability == d && r.Workload == WorkloadKind.W && r.Target == target))
        {
            var b = results.FirstOrDefault(r => r.Durability == d && r.Workload == WorkloadKind.W && r.Target == baseline && r.Repetition == a.Repetition);
            if (b is null || slices(a).Count < 2 || slices(a).Count != slices(b).Count) continue;
            ratios.AddRange(slices(a).Zip(slices(b), (x, y) => x / y));
        }
        return ratios;
    }

    private static void Ratio(List<FloorResult> floors, IReadOnlyList<RunResult> results, Durability d, WorkloadKind w, string other, double? floor, string name)
    {
        var ours = Median(results, d, w, Suite.Ours, r => r.CommandsPerSecond);
        var theirs = Median(results, d, w, other, r => r.CommandsPerSecond);
        if (double.IsNaN(ours) || double.IsNaN(theirs))
        {
            floors.Add(new FloorResult(name, null, "not measured in this run"));
            return;
        }
        var ratio = ours / theirs;
        floors.Add(new FloorResult(name, floor is null ? null : ratio >= floor, string.Create(CultureInfo.InvariantCulture,
            $"ours {ours:N0} cmd/s vs {theirs:N0} cmd/s = {ratio:0.00}×{(floor is null ? "" : $" (floor {floor}×)")}")));
    }
}
