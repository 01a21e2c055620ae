using OpenTelemetry.Metrics;

namespace EventSourcing.Tests.Telemetry;

/// <summary>
/// One collection of the silo's metrics, read from the in-memory exporter. Temporality is cumulative,
/// so a test takes readings before and after its workload and compares them.
/// </summary>
public sealed class MetricReadings(IReadOnlyList<MetricSnapshot> snapshots)
{
    /// <summary>The sum of a counter over its points whose tags include <paramref name="tags"/>.</summary>
    public long Counter(string name, params (string Key, string Value)[] tags) =>
        Points(name, tags).Sum(p => p.GetSumLong());

    /// <summary>Count and sum of a histogram over its points whose tags include <paramref name="tags"/>.</summary>
    public (long Count, double Sum) Histogram(string name, params (string Key, string Value)[] tags)
    {
        long count = 0;
        double sum = 0;
        foreach (var p in Points(name, tags))
        {
            count += p.GetHistogramCount();
            sum += p.GetHistogramSum();
        }
        return (count, sum);
    }

    public string? Unit(string name) => Latest(name)?.Unit;

    private IEnumerable<MetricPoint> Points(string name, (string Key, string Value)[] tags)
    {
        if (Latest(name) is not { } metric) yield break;
        foreach (var point in metric.MetricPoints)
        {
            var pointTags = new Dictionary<string, string?>();
            foreach (var tag in point.Tags) pointTags[tag.Key] = tag.Value?.ToString();
            if (tags.All(t => pointTags.TryGetValue(t.Key, out var v) && v == t.Value)) yield return point;
        }
    }

    // A periodic export may have added an older copy: the last one exported is the newest.
    private MetricSnapshot? Latest(string name) => snapshots.LastOrDefault(s => s.Name == name);
}
