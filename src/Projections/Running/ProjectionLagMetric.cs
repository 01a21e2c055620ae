using System.Diagnostics.Metrics;
using System.Globalization;

namespace RedisEventSourcing.Projections.Running;

/// <summary>
/// Histogram <c>es.projection.lag</c> (seconds, tag <c>projection</c>) of meter
/// <c>RedisEventSourcing.Projections</c>: for each event a projection applied, the time from its
/// append (the millisecond part of its stream entry id, i.e. the Redis server clock) to the moment
/// the read model's apply, checkpoint included, returned. That is what a reader of the model waits
/// for a write to show; it only means wall-clock lag when Redis and this process share a clock
/// (same machine, or NTP-synchronised hosts), and a rebuild records how old the replayed events are.
/// </summary>
internal static class ProjectionLagMetric
{
    private static readonly Histogram<double> Lag = ProjectionMetrics.Meter.CreateHistogram("es.projection.lag", "s",
        "Time from an event's append (its stream entry id) to its read model's committed apply",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300] });

    /// <summary>Records every event of an applied batch; costs nothing beyond one check while nobody listens.</summary>
    public static void Record(string projection, IReadOnlyList<FeedEvent> events)
    {
        if (!Lag.Enabled) return;
        // Entry ids are whole milliseconds: measured against a fractional now, a lag is at most 1 ms too long, never too short.
        // Kept in ms until the record (ids are ms), recorded in seconds, the OpenTelemetry unit of durations.
        var nowMs = (DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds;
        var tag = new KeyValuePair<string, object?>("projection", projection);
        foreach (var e in events)
        {
            var id = e.Reference.StreamEntryId.AsSpan();
            var dash = id.IndexOf('-');
            if (long.TryParse(dash < 0 ? id : id[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var appendedMs))
                Lag.Record((nowMs - appendedMs) / 1000, tag);
        }
    }
}
