using System.Diagnostics;
using RedisEventSourcing.Tracing;
using Orleans.Diagnostics;

namespace Silo.Telemetry;

/// <summary>
/// The span of one grain call, named and tagged as Orleans' own propagation filters name and tag
/// theirs (<c>Microsoft.Orleans.Application</c>, RPC attributes), so a backend shows the same
/// thing; only when it is created differs (<see cref="IncomingTraceFilter"/>).
/// </summary>
internal static class GrainCallSpan
{
    public static readonly ActivitySource Source = new(ActivitySources.ApplicationGrainActivitySourceName);

    public static void Tag(Activity span, IGrainCallContext context)
    {
        span.SetTag("rpc.system.name", "orleans");
        span.SetTag("orleans.rpc.service", context.InterfaceName);
        span.SetTag("rpc.method", $"{context.InterfaceName}/{context.MethodName}");
        span.SetTag("orleans.rpc.target_id", context.TargetId.ToString());
        if (context.SourceId is { } source) span.SetTag("orleans.rpc.source_id", source.ToString());
    }

    /// <summary>
    /// Starts <paramref name="span"/>, runs the call inside it, ends it, and marks it failed when the
    /// call throws. Async, so the span is current for this call only, not for the caller's later code.
    /// </summary>
    public static async Task RunAsync(IGrainCallContext context, Activity span, bool sendContext = false)
    {
        span.Start();
        // Its id exists from its start on; the callee of an outgoing call continues it.
        if (sendContext) TraceContextKeys.Send(span);
        try
        {
            await context.Invoke();
        }
        catch (Exception e)
        {
            span.SetStatus(ActivityStatusCode.Error, e.Message);
            span.AddException(e);
            throw;
        }
        finally
        {
            span.Stop();
        }
    }
}
