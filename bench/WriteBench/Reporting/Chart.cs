using WriteBench.Workloads;

namespace WriteBench.Reporting;

/// <summary>A bar chart of median commands/s per target, one bar group per target, one bar per durability level, workload W.</summary>
public static class Chart
{
    public static void Write(IReadOnlyList<RunResult> results, string path)
    {
        var first = results.Select(r => r.Regime).FirstOrDefault();
        var w = results.Where(r => r.Workload == WorkloadKind.W && r.Regime == first).ToList();
        var targets = w.Select(r => r.Target).Distinct().ToList();
        var durabilities = w.Select(r => r.Durability).Distinct().ToList();
        var plot = new ScottPlot.Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var bars = new List<ScottPlot.Bar>();
        for (var t = 0; t < targets.Count; t++)
        {
            for (var d = 0; d < durabilities.Count; d++)
            {
                var median = Spread.Of(w.Where(r => r.Target == targets[t] && r.Durability == durabilities[d]).Select(r => r.CommandsPerSecond)).Median;
                if (double.IsNaN(median)) continue;
                bars.Add(new ScottPlot.Bar
                {
                    Position = t * (durabilities.Count + 1) + d,
                    Value = median,
                    FillColor = palette.GetColor(d),
                    Label = median.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
                });
            }
        }
        var series = plot.Add.Bars(bars);
        series.ValueLabelStyle.FontSize = 11;
        var ticks = targets.Select((name, t) => new ScottPlot.Tick(t * (durabilities.Count + 1) + (durabilities.Count - 1) / 2.0, name.Replace(" (", "\n(", StringComparison.Ordinal))).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Axes.Margins(bottom: 0);
        plot.Title($"Workload W: commands/s, median over repetitions (higher is better); store {first?.Short()}");
        plot.YLabel("commands/s");
        for (var d = 0; d < durabilities.Count; d++)
            plot.Legend.ManualItems.Add(new ScottPlot.LegendItem { LabelText = durabilities[d] == Durability.Strict ? "strict: appendfsync always / synchronous_commit=on" : "relaxed: appendfsync everysec / synchronous_commit=off", FillColor = palette.GetColor(d) });
        plot.ShowLegend(ScottPlot.Alignment.UpperRight);
        plot.SavePng(path, 1400, 600);
    }
}
