using System.Diagnostics;
using RedisEventSourcing.Storage;

namespace RedisEventSourcing.Diagnostics;

/// <summary>
/// The <c>es.append</c> span of one grain's batch, and which trace each of its events carries into
/// the log. Its parent is the span the batch's first event was raised under (the grain call);
/// events raised under other spans (another caller of a reentrant grain, say) are linked and keep
/// their own trace in <c>_traceparent</c>, so each command's projections join that command's trace.
/// </summary>
internal static class AppendTracing
{
    public static Activity? Start<TEntry>(string streamKey, List<PendingEvent<TEntry>> batch, int expectedVersion)
    {
        if (!EventStoreTracing.Source.HasListeners()) return null;
        var parent = batch[0].Context.Trace;
        List<ActivityLink>? links = null;
        foreach (var p in batch)
        {
            var trace = p.Context.Trace;
            if (trace == default || trace == parent || (links is not null && links.Exists(l => l.Context == trace))) continue;
            (links ??= []).Add(new ActivityLink(trace));
        }
        // A default parent means "the current span", if any: an untraced caller's append joins whatever flow wrote it.
        // With neither, no span: the provider never starts a trace of its own, so a command is sampled
        // once, where it enters (the grain call, the HTTP request), and not again at its append; a new
        // root here would trace a tenth of the commands the entry point had sampled out, without their call.
        if (parent == default && Activity.Current is null) return null;
        var span = EventStoreTracing.Source.StartActivity("es.append", ActivityKind.Internal, parent, links: links);
        if (span is not { IsAllDataRequested: true }) return span;
        span.SetTag(EventStoreTracing.Stream, streamKey);
        span.SetTag(EventStoreTracing.ExpectedVersion, expectedVersion);
        span.SetTag(EventStoreTracing.Events, batch.Count);
        if (batch[0].Context.CorrelationId is { } correlationId) span.SetTag(EventStoreTracing.CorrelationId, correlationId);
        if (batch[0].Context.CommandId is { } commandId) span.SetTag(EventStoreTracing.CommandId, commandId);
        return span;
    }

    /// <summary>
    /// The <c>_traceparent</c> of one event: the append span when the event belongs to its trace, else
    /// the span the event was raised under; null when neither is sampled (tracing off costs nothing).
    /// </summary>
    public static string? TraceParentOf<TEntry>(PendingEvent<TEntry> e, PendingEvent<TEntry> first, Activity? span) =>
        span is { Recorded: true } && e.Context.Trace == first.Context.Trace
            ? TraceParent.Of(span.Context)
            : TraceParent.Of(e.Context.Trace);
}
