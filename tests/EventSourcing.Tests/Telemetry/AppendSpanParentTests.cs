using System.Diagnostics;
using RedisEventSourcing.Diagnostics;
using RedisEventSourcing.Serialization;
using RedisEventSourcing.Storage;

namespace EventSourcing.Tests.Telemetry;

/// <summary>
/// The provider joins its caller's trace and never starts one: a command is sampled once, where it
/// enters the system, so one the entry point sampled out gets no orphan <c>es.append</c> trace.
/// </summary>
public sealed class AppendSpanParentTests : IDisposable
{
    // Only this test's own flow is sampled: tests of other classes running meanwhile see no difference.
    private static readonly AsyncLocal<bool> InThisTest = new();

    private readonly ActivityListener _listener = new()
    {
        // Records everything it is asked about here: whether a span exists is then the provider's choice alone.
        ShouldListenTo = source => source.Name == EventStoreTelemetry.ActivitySourceName,
        Sample = (ref ActivityCreationOptions<ActivityContext> _) => InThisTest.Value ? ActivitySamplingResult.AllDataAndRecorded : ActivitySamplingResult.None,
    };

    public AppendSpanParentTests()
    {
        ActivitySource.AddActivityListener(_listener);
        InThisTest.Value = true;
    }

    public void Dispose() => _listener.Dispose();

    private static List<PendingEvent<string>> Batch(ActivityContext trace) =>
        [new PendingEvent<string>("e", PendingEvent<string>.Unconditional, null, CommandContextSnapshot.Empty with { Trace = trace }, 1)];

    [Fact]
    public void an_append_with_no_caller_span_starts_no_trace()
    {
        Activity.Current = null;
        Assert.Null(AppendTracing.Start("es:{p01}:user:a", Batch(default), 0));
    }

    [Fact]
    public void an_append_raised_under_a_sampled_call_is_a_child_of_that_call()
    {
        Activity.Current = null;
        var call = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        using var span = AppendTracing.Start("es:{p01}:user:a", Batch(call), 0);
        Assert.NotNull(span);
        Assert.Equal(call.TraceId, span.TraceId);
        Assert.Equal(call.SpanId, span.ParentSpanId);
    }
}
