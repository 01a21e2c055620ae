using System.Diagnostics.Metrics;

namespace RedisEventSourcing.Projections.Running;

/// <summary>Meter <c>RedisEventSourcing.Projections</c>: tags carry projection names, never ids.</summary>
internal static class ProjectionMetrics
{
    private static readonly Meter Meter = new("RedisEventSourcing.Projections", "1.0");

    public static readonly Counter<long> DeadLetters = Meter.CreateCounter<long>("es.projection.dead_letters", "{entry}", "Feed entries a projection sent to its dead letters");
}
