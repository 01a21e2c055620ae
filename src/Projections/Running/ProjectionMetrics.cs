using System.Diagnostics.Metrics;
using RedisEventSourcing.Projections.Diagnostics;

namespace RedisEventSourcing.Projections.Running;

/// <summary>Meter <c>RedisEventSourcing.Projections</c>: tags carry projection names, never ids.</summary>
internal static class ProjectionMetrics
{
    public static readonly Meter Meter = new(ProjectionTelemetry.MeterName, "1.1");

    public static readonly Counter<long> EventsApplied = Meter.CreateCounter<long>("es.projection.events.applied", "{event}",
        "Events a projection applied to its read model (committed with its checkpoint), by projection");

    public static readonly Counter<long> DeadLetters = Meter.CreateCounter<long>("es.projection.dead_letters", "{entry}", "Feed entries a projection sent to its dead letters");

    public static KeyValuePair<string, object?> Projection(string name) => new("projection", name);

    /// <summary>A batch committed: count its events (markers and other categories' references move the checkpoint only).</summary>
    public static void Applied(string projection, IReadOnlyList<FeedEvent> events)
    {
        if (!EventsApplied.Enabled) return;
        var count = 0;
        foreach (var e in events)
            if (e.Event is not null) count++;
        if (count > 0) EventsApplied.Add(count, Projection(projection));
    }
}
