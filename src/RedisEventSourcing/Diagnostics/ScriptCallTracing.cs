using System.Diagnostics;
using RedisEventSourcing.Storage;

namespace RedisEventSourcing.Diagnostics;

/// <summary>
/// Spans of one append script call. Group commit sends the appends of several grains, so of several
/// traces, in one call: each traced append gets its own child span <c>EVALSHA append.lua</c>, with the
/// call's start and end and the number of streams it carried. One span with links to the others
/// would put the call in one trace only, and leave every other command's trace without the time its
/// append spent in Redis. Appends not traced get none; with tracing off this is one check per call.
/// </summary>
internal static class ScriptCallTracing
{
    public static Activity?[]? Start(IReadOnlyList<AppendRequest> requests)
    {
        if (!EventStoreTracing.Source.HasListeners()) return null;
        Activity?[]? spans = null;
        // Starting a span makes it current: put back what was, so the spans stay siblings in their own traces.
        var current = Activity.Current;
        for (var i = 0; i < requests.Count; i++)
        {
            if (requests[i].Trace == default) continue;
            var span = EventStoreTracing.Source.StartActivity("EVALSHA append.lua", ActivityKind.Client, requests[i].Trace);
            if (span is null) continue;
            if (span.IsAllDataRequested)
            {
                span.SetTag("db.system.name", "redis");
                span.SetTag("db.operation.name", "EVALSHA");
                span.SetTag(EventStoreTracing.Stream, requests[i].StreamKey);
                span.SetTag(EventStoreTracing.StreamsInCall, requests.Count);
            }
            (spans ??= new Activity?[requests.Count])[i] = span;
        }
        Activity.Current = current;
        return spans;
    }

    public static void Stop(Activity?[]? spans, AppendResult[]? results, Exception? failure)
    {
        if (spans is null) return;
        for (var i = 0; i < spans.Length; i++)
        {
            if (spans[i] is not { } span) continue;
            if (failure is not null) EventStoreTracing.Fail(span, failure);
            else if (span.IsAllDataRequested) span.SetTag(EventStoreTracing.Outcome, EventStoreMetrics.Outcome(results![i].Status).Value);
            span.Stop();
        }
    }
}
