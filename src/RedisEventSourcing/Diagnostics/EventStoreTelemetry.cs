namespace RedisEventSourcing.Diagnostics;

/// <summary>
/// The names a host subscribes to (OpenTelemetry <c>AddMeter</c> / <c>AddSource</c>,
/// <c>dotnet-counters --counters</c>) to see the provider's metrics and spans. Both are silent,
/// and cost one check per call site, until something listens.
/// </summary>
public static class EventStoreTelemetry
{
    /// <summary>Meter of the write and read paths: <c>es.append.*</c>, <c>es.events.*</c>, <c>es.replay.*</c>, <c>es.snapshot.*</c>, <c>es.store.errors</c>.</summary>
    public const string MeterName = "RedisEventSourcing";

    /// <summary>Spans <c>es.append</c> (a grain's batch), <c>EVALSHA append.lua</c> (the script call, per command) and <c>es.replay</c>.</summary>
    public const string ActivitySourceName = "RedisEventSourcing";
}
