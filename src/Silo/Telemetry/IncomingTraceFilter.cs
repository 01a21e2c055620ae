using System.Diagnostics;
using RedisEventSourcing.Tracing;

namespace Silo.Telemetry;

/// <summary>
/// Continues a command's trace into the grain it calls, and does nothing at all for a call that is
/// not traced. Orleans' own filter (<c>AddActivityPropagation</c>) creates an <see cref="Activity"/>
/// for every call, recorded or not (docs/observability.md, Cost). Here:
/// <list type="bullet">
/// <item>a call carrying a sampled <c>traceparent</c> gets a server span, child of its caller's;</item>
/// <item>a call carrying an unsampled one gets nothing: its context stays in the request context, so
/// the grain's own calls carry the caller's decision on;</item>
/// <item>a call from a client with no trace context (a client that does not trace) is where the
/// command enters the system: it is sampled here, once (<see cref="EdgeSampler.Sample"/>: the ratio,
/// then the per-second cap);</item>
/// <item>a call from inside the cluster with no trace context (stream delivery, a grain whose own
/// call was not traced) gets nothing: it is part of something already decided.</item>
/// </list>
/// </summary>
internal sealed class IncomingTraceFilter(EdgeSampler sampler) : IIncomingGrainCallFilter
{
    public Task Invoke(IIncomingGrainCallContext context)
    {
        var span = RequestContext.Get(TraceContextKeys.TraceParent) is string traceParent
            ? ContinueCallerTrace(context, traceParent)
            : context.SourceId is { } source && source.IsClient() && sampler.Sample()
                ? EdgeSampler.CreateSampledRoot(GrainCallSpan.Source, context.Request.GetActivityName(), ActivityKind.Server)
                : null;
        if (span is null) return context.Invoke();
        GrainCallSpan.Tag(span, context);
        return GrainCallSpan.RunAsync(context, span);
    }

    private static Activity? ContinueCallerTrace(IIncomingGrainCallContext context, string traceParent)
    {
        var traceState = RequestContext.Get(TraceContextKeys.TraceState) as string;
        if (!ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var parent)) return null;
        if (!parent.TraceFlags.HasFlag(ActivityTraceFlags.Recorded)) return null;
        var span = GrainCallSpan.Source.CreateActivity(context.Request.GetActivityName(), ActivityKind.Server, parent);
        if (span is not null && traceState is not null) span.TraceStateString = traceState;
        return span;
    }
}
