using System.Diagnostics;
using RedisEventSourcing.Tracing;
using Orleans.Diagnostics;

namespace Silo.Telemetry;

/// <summary>
/// The span of one grain call, named and tagged as Orleans' own propagation filters name and tag
/// theirs (<c>Microsoft.Orleans.Application</c>, RPC attributes), so a backend shows the same
/// thing; only when it is created differs (<see cref="GrainCallTracer"/>).
/// </summary>
internal static class GrainCallSpan
{
    public static readonly ActivitySource Source = new(ActivitySources.ApplicationGrainActivitySourceName);

    public static void Tag(Activity span, IGrainCallContext context)
    {
        Tag(span, context.InterfaceName, context.MethodName, context.TargetId);
        if (context.SourceId is { } source) span.SetTag("orleans.rpc.source_id", source.ToString());
    }

    /// <summary>The server side of a call, from its request (which does not know its sender).</summary>
    public static void Tag(Activity span, Orleans.Serialization.Invocation.IInvokable request) =>
        Tag(span, request.GetInterfaceName(), request.GetMethodName(), (request.GetTarget() as IAddressable)?.GetGrainId());

    private static void Tag(Activity span, string interfaceName, string methodName, GrainId? target)
    {
        span.SetTag("rpc.system.name", "orleans");
        span.SetTag("orleans.rpc.service", interfaceName);
        span.SetTag("rpc.method", $"{interfaceName}/{methodName}");
        if (target is { } id) span.SetTag("orleans.rpc.target_id", id.ToString());
    }

    public static void Fail(Activity span, Exception e)
    {
        span.SetStatus(ActivityStatusCode.Error, e.Message);
        span.AddException(e);
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
            Fail(span, e);
            throw;
        }
        finally
        {
            span.Stop();
        }
    }
}
