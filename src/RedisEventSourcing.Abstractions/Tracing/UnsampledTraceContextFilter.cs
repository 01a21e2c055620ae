using System.Diagnostics;

namespace RedisEventSourcing.Tracing;

/// <summary>
/// Keeps a caller's "not sampled" decision across a grain call. OpenTelemetry creates no span at
/// all under a local parent that is not sampled, so Orleans' activity propagation (which injects the
/// context of the grain call's own span) sends nothing, and the silo starts a new root trace that
/// its sampler records: an HTTP request or CLI invocation that was sampled out would be traced from
/// the grain on. Registered after <c>AddActivityPropagation()</c>, this filter sends the unsampled
/// current context itself, so the silo's parent-based sampler follows the caller. A recorded call
/// goes through untouched (Orleans injected its span's context), as does a call with no current span.
/// </summary>
public sealed class UnsampledTraceContextFilter : IOutgoingGrainCallFilter
{
    public Task Invoke(IOutgoingGrainCallContext context) =>
        Activity.Current is { Recorded: false, IdFormat: ActivityIdFormat.W3C, Id: not null } current
            ? InvokeWithContextAsync(context, current)
            : context.Invoke();

    // Async so the request context is changed for this call only, not for the caller's later calls.
    private static async Task InvokeWithContextAsync(IOutgoingGrainCallContext context, Activity current)
    {
        TraceContextKeys.Send(current);
        await context.Invoke();
    }
}
