using System.Diagnostics;
using Orleans.Serialization.Invocation;
using RedisEventSourcing.Tracing;

namespace Silo.Telemetry;

/// <summary>
/// Continues a command's trace into the <see cref="TracedAttribute"/> grain method it calls, and
/// does nothing at all for a call that is not traced. Asked by the method's request, not by a
/// silo-wide call filter (docs/observability.md, Cost):
/// <list type="bullet">
/// <item>a call carrying a sampled <c>traceparent</c> gets a server span, child of its caller's;</item>
/// <item>a call carrying an unsampled one gets nothing: its context stays in the request context, so
/// the grain's own calls carry the caller's decision on;</item>
/// <item>a call carrying no trace context from outside the cluster (a client that does not trace) is
/// where the command enters the system: it is sampled here, once (<see cref="EdgeSampler.Sample"/>:
/// the ratio, then the per-second cap);</item>
/// <item>a call from inside the cluster with no trace context (a grain whose own call was not traced,
/// a background loop) gets nothing: <see cref="OutgoingTraceFilter"/> marks such calls
/// (<see cref="TraceContextKeys.InCluster"/>), since a request cannot see who sent it.</item>
/// </list>
/// </summary>
internal sealed class GrainCallTracer(EdgeSampler sampler) : IIncomingCallTracer
{
    public Activity? Create(IInvokable request)
    {
        var span = RequestContext.Get(TraceContextKeys.TraceParent) is string traceParent
            ? ContinueCallerTrace(request, traceParent)
            : RequestContext.Get(TraceContextKeys.InCluster) is null && sampler.Sample()
                ? EdgeSampler.CreateSampledRoot(GrainCallSpan.Source, request.GetActivityName(), ActivityKind.Server)
                : null;
        if (span is not null) GrainCallSpan.Tag(span, request);
        return span;
    }

    public void Fail(Activity span, Exception exception) => GrainCallSpan.Fail(span, exception);

    private static Activity? ContinueCallerTrace(IInvokable request, string traceParent)
    {
        var traceState = RequestContext.Get(TraceContextKeys.TraceState) as string;
        if (!ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var parent)) return null;
        if (!parent.TraceFlags.HasFlag(ActivityTraceFlags.Recorded)) return null;
        var span = GrainCallSpan.Source.CreateActivity(request.GetActivityName(), ActivityKind.Server, parent);
        if (span is not null && traceState is not null) span.TraceStateString = traceState;
        return span;
    }
}
