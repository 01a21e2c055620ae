using System.Diagnostics;

namespace Silo.Telemetry;

/// <summary>The W3C names a trace context has in Orleans' request context (Orleans' own propagator uses them too, so the CLI's calls are read alike).</summary>
internal static class TraceContextKeys
{
    public const string TraceParent = "traceparent";
    public const string TraceState = "tracestate";

    /// <summary>Puts <paramref name="span"/>'s context in the request context of the calls made from here on in this async flow.</summary>
    public static void Send(Activity span)
    {
        RequestContext.Set(TraceParent, span.Id!);
        if (span.TraceStateString is { } state) RequestContext.Set(TraceState, state);
    }
}
