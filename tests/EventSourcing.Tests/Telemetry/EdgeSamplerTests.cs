using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Trace;
using EventSourcing.Tests.Infrastructure;
using Silo.Telemetry;

namespace EventSourcing.Tests.Telemetry;

/// <summary>
/// The silo's root sampler: a grain call the edge filter sampled is recorded whatever the ratio
/// (it was sampled once already, before anything was created), every other root by the ratio, and
/// a child by its parent's decision.
/// </summary>
public sealed class EdgeSamplerTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.01)]
    public void a_root_the_edge_sampled_is_recorded_whatever_the_ratio(double ratio)
    {
        using var tracing = Tracing(ratio, out var source);
        using var span = EdgeSampler.CreateSampledRoot(source, "call", ActivityKind.Server);
        Assert.NotNull(span);
        Assert.True(span.Recorded);
    }

    [Fact]
    public void any_other_root_follows_the_ratio()
    {
        using var tracing = Tracing(0.0, out var source);
        using var span = source.StartActivity("request", ActivityKind.Server);
        Assert.True(span is null || !span.Recorded);
    }

    [Fact]
    public void a_child_follows_its_parent_even_when_created_as_a_sampled_root_would_be()
    {
        using var tracing = Tracing(1.0, out var source);
        var unsampled = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.None, isRemote: true);
        using var span = source.StartActivity("child", ActivityKind.Server, unsampled);
        Assert.True(span is null || !span.Recorded);
    }

    [Fact]
    public void sample_takes_the_configured_share_of_calls()
    {
        Assert.DoesNotContain(true, Enumerable.Range(0, 10_000).Select(_ => new EdgeSampler(0).Sample()));
        Assert.DoesNotContain(false, Enumerable.Range(0, 10_000).Select(_ => new EdgeSampler(1).Sample()));
        var tenth = new EdgeSampler(0.1);
        var taken = Enumerable.Range(0, 100_000).Count(_ => tenth.Sample());
        // Binomial(100,000, 0.1): the standard deviation is under 100.
        Assert.InRange(taken, 9_000, 11_000);
    }

    [Fact]
    public void a_cap_lets_a_steady_number_of_traces_start_a_second_however_many_commands_arrive()
    {
        using var capped = new EdgeSampler(1.0, maxPerSecond: 5);
        // A burst far above the cap: at most the bucket's second's worth is taken at once.
        var burst = Enumerable.Range(0, 10_000).Count(_ => capped.Sample());
        Assert.InRange(burst, 1, 5);
    }

    [Fact]
    public async Task the_cap_refills_over_time()
    {
        using var capped = new EdgeSampler(1.0, maxPerSecond: 20);
        while (capped.Sample()) { }
        // One token every 50 ms: one is back well within the deadline.
        await Eventually.TrueAsync(() => Task.FromResult(capped.Sample()), TimeSpan.FromSeconds(5), "a token coming back");
    }

    [Fact]
    public void a_root_a_ratio_or_cap_leaves_out_is_dropped_through_the_sampler_too()
    {
        using var tracing = Tracing(1.0, out var source, maxPerSecond: 1);
        var first = source.StartActivity("first", ActivityKind.Server);
        first?.Stop();
        // Stopped: the next is a root again, not first's child.
        using var second = source.StartActivity("second", ActivityKind.Server);
        Assert.True(first is { Recorded: true });
        Assert.True(second is null || !second.Recorded);
    }

    private static TracerProvider Tracing(double ratio, out ActivitySource source, double maxPerSecond = 0)
    {
        // A source of this test's own: other tests' spans never reach this provider.
        source = new ActivitySource($"edge-sampler-test-{Guid.NewGuid():N}");
        return Sdk.CreateTracerProviderBuilder()
            .AddSource(source.Name)
            .SetSampler(new ParentBasedSampler(new EdgeSampler(ratio, maxPerSecond)))
            .Build()!;
    }
}
