using System.Diagnostics;
using RedisEventSourcing.Tracing;

namespace Silo.Telemetry;

/// <summary>
/// Carries the current trace into a grain call the silo makes (a grain calling another, the HTTP
/// API calling a grain): a recorded current span gets a client span for the call, whose context the
/// callee continues; an unrecorded one sends its context as it is, so the callee follows the "not
/// sampled" decision instead of sampling again; with no current span a context already in the
/// request context (from an unsampled incoming call) travels on by itself, and a call with none is
/// marked as made inside the cluster, so the callee does not sample it as a command entering.
/// </summary>
internal sealed class OutgoingTraceFilter : IOutgoingGrainCallFilter
{
    public Task Invoke(IOutgoingGrainCallContext context)
    {
        if (Activity.Current is not { IdFormat: ActivityIdFormat.W3C } current)
        {
            // No trace to carry: a context already in the request context (from an unsampled
            // incoming call) travels on by itself; with none, the callee must not take this call
            // for one entering the system and sample it (GrainCallTracer).
            return RequestContext.Get(TraceContextKeys.TraceParent) is null && RequestContext.Get(TraceContextKeys.InCluster) is null
                ? SendInClusterAsync(context)
                : context.Invoke();
        }
        var span = current.Recorded ? GrainCallSpan.Source.CreateActivity(context.Request.GetActivityName(), ActivityKind.Client) : null;
        if (span is null) return SendAsync(context, current);
        GrainCallSpan.Tag(span, context);
        return GrainCallSpan.RunAsync(context, span, sendContext: true);
    }

    // Async so the request context changes for this call only, not for the caller's later calls.
    private static async Task SendInClusterAsync(IOutgoingGrainCallContext context)
    {
        RequestContext.Set(TraceContextKeys.InCluster, "1");
        await context.Invoke();
    }

    // Async so the request context changes for this call only, not for the caller's later calls.
    private static async Task SendAsync(IOutgoingGrainCallContext context, Activity current)
    {
        TraceContextKeys.Send(current);
        await context.Invoke();
    }
}
