using System.Diagnostics;
using RedisEventSourcing.Tracing;

namespace Silo.Telemetry;

/// <summary>
/// Carries the current trace into a grain call the silo makes (a grain calling another, the HTTP
/// API calling a grain): a recorded current span gets a client span for the call, whose context the
/// callee continues; an unrecorded one sends its context as it is, so the callee follows the "not
/// sampled" decision instead of sampling again; with no current span the call goes untouched (a
/// context already in the request context, from an unsampled incoming call, travels on by itself).
/// </summary>
internal sealed class OutgoingTraceFilter : IOutgoingGrainCallFilter
{
    public Task Invoke(IOutgoingGrainCallContext context)
    {
        if (Activity.Current is not { IdFormat: ActivityIdFormat.W3C } current) return context.Invoke();
        var span = current.Recorded ? GrainCallSpan.Source.CreateActivity(context.Request.GetActivityName(), ActivityKind.Client) : null;
        if (span is null) return SendAsync(context, current);
        GrainCallSpan.Tag(span, context);
        return GrainCallSpan.RunAsync(context, span, sendContext: true);
    }

    // Async so the request context changes for this call only, not for the caller's later calls.
    private static async Task SendAsync(IOutgoingGrainCallContext context, Activity current)
    {
        TraceContextKeys.Send(current);
        await context.Invoke();
    }
}
