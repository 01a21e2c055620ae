namespace RedisEventSourcing.Projections.Diagnostics;

/// <summary>The names a host subscribes to for the read side's metrics and spans (docs/observability.md).</summary>
public static class ProjectionTelemetry
{
    /// <summary>Meter of <c>es.projection.*</c>: events applied, lag, dead letters; tag <c>projection</c>.</summary>
    public const string MeterName = "RedisEventSourcing.Projections";

    /// <summary>Spans <c>es.projection.apply</c>, each the child of the append that wrote the events it applies.</summary>
    public const string ActivitySourceName = "RedisEventSourcing.Projections";
}
