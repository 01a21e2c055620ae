using System.Diagnostics;
using RedisEventSourcing.Diagnostics;

namespace RedisEventSourcing.Projections.Diagnostics;

/// <summary>
/// The <c>es.projection.apply</c> spans of one apply call. A projection applies a batch of events
/// that may come from many commands, so from many traces: each trace found in the events'
/// <c>_traceparent</c> gets its own span, the child of the append that wrote those events, with the
/// call's start and end. The projection runs later, from the feed, in no caller's flow: the trace
/// context stored with the event is the only thread back to the command. Events without one (tracing
/// off when they were written, not sampled, or another program's entries) get no span, and with
/// nothing listening this costs one check per call.
/// </summary>
internal static class ApplyTracing
{
    public static readonly ActivitySource Source = new(ProjectionTelemetry.ActivitySourceName, "1.0");

    public static List<Activity>? Start(string projection, int partition, IReadOnlyList<FeedEvent> events)
    {
        if (!Source.HasListeners()) return null;
        List<Activity>? spans = null;
        Dictionary<string, Activity?>? byTrace = null;
        var current = Activity.Current;
        foreach (var e in events)
        {
            if (e.Metadata?.TraceParent is not { } text) continue;
            byTrace ??= new Dictionary<string, Activity?>(StringComparer.Ordinal);
            if (byTrace.TryGetValue(text, out var existing))
            {
                if (existing is { IsAllDataRequested: true }) Count(existing, e);
                continue;
            }
            Activity? span = null;
            if (TraceParent.TryParse(text, out var parent))
                span = Source.StartActivity("es.projection.apply", ActivityKind.Consumer, parent);
            byTrace[text] = span;
            if (span is null) continue;
            if (span.IsAllDataRequested)
            {
                span.SetTag("es.projection", projection);
                span.SetTag("es.partition", partition);
                span.SetTag("es.projection.batch_events", events.Count);
                span.SetTag(EventStoreTracing.Stream, e.Reference.StreamKey);
                if (e.Metadata.CorrelationId is { } correlationId) span.SetTag(EventStoreTracing.CorrelationId, correlationId);
                Count(span, e);
            }
            (spans ??= []).Add(span);
        }
        // Each span became current as it started; the apply itself belongs to none of them in particular.
        Activity.Current = current;
        return spans;
    }

    public static void Stop(List<Activity>? spans, Exception? failure = null)
    {
        if (spans is null) return;
        foreach (var span in spans)
        {
            if (failure is not null) EventStoreTracing.Fail(span, failure);
            span.Stop();
        }
    }

    /// <summary>How many of the batch's events this trace holds, and the newest version among them.</summary>
    private static void Count(Activity span, FeedEvent e)
    {
        span.SetTag(EventStoreTracing.Events, (span.GetTagItem(EventStoreTracing.Events) as int? ?? 0) + 1);
        span.SetTag(EventStoreTracing.Version, e.Metadata!.Version);
    }
}
