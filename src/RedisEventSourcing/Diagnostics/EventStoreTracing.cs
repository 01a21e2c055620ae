using System.Diagnostics;

namespace RedisEventSourcing.Diagnostics;

/// <summary>
/// Activity source <c>RedisEventSourcing</c> and the span tags the provider and the projections
/// share. Spans may carry ids (stream key, correlation id); metrics never do.
/// </summary>
internal static class EventStoreTracing
{
    public static readonly ActivitySource Source = new(EventStoreTelemetry.ActivitySourceName, "1.0");

    public const string Stream = "es.stream";
    public const string CorrelationId = "es.correlation_id";
    public const string CommandId = "es.command_id";
    public const string ExpectedVersion = "es.version.expected";
    public const string Events = "es.events";
    public const string Outcome = "es.append.outcome";
    public const string StreamsInCall = "es.append.streams_in_call";
    public const string Snapshot = "es.snapshot";
    public const string Version = "es.version";

    /// <summary>Marks a span failed with the exception's type as <c>error.type</c> (OpenTelemetry's attribute).</summary>
    public static void Fail(Activity? span, Exception e)
    {
        if (span is null) return;
        span.SetStatus(ActivityStatusCode.Error, e.Message);
        span.SetTag("error.type", e.GetType().FullName);
    }
}
