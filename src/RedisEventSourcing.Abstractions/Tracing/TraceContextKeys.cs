using System.Diagnostics;

namespace RedisEventSourcing.Tracing;

/// <summary>The W3C names a trace context has in Orleans' request context (Orleans' own propagator uses them too, so its callers' contexts are read alike); used by the silo's trace filters and by <see cref="UnsampledTraceContextFilter"/>.</summary>
public static class TraceContextKeys
{
    public const string TraceParent = "traceparent";
    public const string TraceState = "tracestate";

    /// <summary>
    /// Set on a call made inside the cluster without a trace context, so its callee does not take it
    /// for a command entering the system and sample it (a request cannot see who sent it).
    /// </summary>
    public const string InCluster = "es.in_cluster";

    /// <summary>Puts <paramref name="span"/>'s context in the request context of the calls made from here on in this async flow.</summary>
    public static void Send(Activity span)
    {
        RequestContext.Set(TraceParent, span.Id!);
        if (span.TraceStateString is { } state) RequestContext.Set(TraceState, state);
    }
}
