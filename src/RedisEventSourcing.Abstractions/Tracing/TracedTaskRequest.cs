using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Serialization.Invocation;

namespace RedisEventSourcing.Tracing;

/// <summary>
/// The request of a <see cref="TracedAttribute"/> method returning <see cref="Task{TResult}"/>:
/// Orleans' own <c>TaskRequest&lt;TResult&gt;</c>, plus a server span around the call when the
/// silo's <see cref="IIncomingCallTracer"/> says the call is traced.
/// </summary>
[SerializerTransparent]
public abstract class TracedTaskRequest<TResult> : RequestBase
{
    [NonSerialized]
    private readonly IIncomingCallTracer? _tracer;

    [GeneratedActivatorConstructor]
    protected TracedTaskRequest(IServiceProvider services) => _tracer = services.GetService<IIncomingCallTracer>();

    public sealed override ValueTask<Response> Invoke()
    {
        if (_tracer?.Create(this) is { } span) return InvokeTracedAsync(_tracer, span);
        try
        {
            var resultTask = InvokeInner();
            if (resultTask.IsCompleted) return new ValueTask<Response>(Response.FromResult(resultTask.GetAwaiter().GetResult()));
            return CompleteInvokeAsync(resultTask);
        }
        catch (Exception exception)
        {
            return new ValueTask<Response>(Response.FromException(exception));
        }
    }

    // Started here, in an async method, so the span is current for this call only.
    private async ValueTask<Response> InvokeTracedAsync(IIncomingCallTracer tracer, Activity span)
    {
        span.Start();
        try
        {
            return Response.FromResult(await InvokeInner());
        }
        catch (Exception exception)
        {
            tracer.Fail(span, exception);
            return Response.FromException(exception);
        }
        finally
        {
            span.Stop();
        }
    }

    private static async ValueTask<Response> CompleteInvokeAsync(Task<TResult> resultTask)
    {
        try
        {
            return Response.FromResult(await resultTask);
        }
        catch (Exception exception)
        {
            return Response.FromException(exception);
        }
    }

    protected abstract Task<TResult> InvokeInner();
}

/// <summary>The request of a <see cref="TracedAttribute"/> method returning <see cref="Task"/>: see <see cref="TracedTaskRequest{TResult}"/>.</summary>
[SerializerTransparent]
public abstract class TracedTaskRequest : RequestBase
{
    [NonSerialized]
    private readonly IIncomingCallTracer? _tracer;

    [GeneratedActivatorConstructor]
    protected TracedTaskRequest(IServiceProvider services) => _tracer = services.GetService<IIncomingCallTracer>();

    public sealed override ValueTask<Response> Invoke()
    {
        if (_tracer?.Create(this) is { } span) return InvokeTracedAsync(_tracer, span);
        try
        {
            var resultTask = InvokeInner();
            if (resultTask.IsCompleted)
            {
                resultTask.GetAwaiter().GetResult();
                return new ValueTask<Response>(Response.Completed);
            }
            return CompleteInvokeAsync(resultTask);
        }
        catch (Exception exception)
        {
            return new ValueTask<Response>(Response.FromException(exception));
        }
    }

    private async ValueTask<Response> InvokeTracedAsync(IIncomingCallTracer tracer, Activity span)
    {
        span.Start();
        try
        {
            await InvokeInner();
            return Response.Completed;
        }
        catch (Exception exception)
        {
            tracer.Fail(span, exception);
            return Response.FromException(exception);
        }
        finally
        {
            span.Stop();
        }
    }

    private static async ValueTask<Response> CompleteInvokeAsync(Task resultTask)
    {
        try
        {
            await resultTask;
            return Response.Completed;
        }
        catch (Exception exception)
        {
            return Response.FromException(exception);
        }
    }

    protected abstract Task InvokeInner();
}
