using System.Diagnostics;
using OpenTelemetry.Trace;

namespace Silo.Telemetry;

/// <summary>
/// The silo's root sampler. A trace starts where a command enters the system: an HTTP request
/// without a <c>traceparent</c> is sampled here by trace-id ratio, as OpenTelemetry would; a grain
/// call from a client without a trace context has already been sampled by
/// <see cref="IncomingTraceFilter"/> (with the same ratio, before creating anything, so the 99 % it
/// leaves out cost no span at all), and this sampler records what that filter asks it to create.
/// </summary>
internal sealed class EdgeSampler(double ratio) : Sampler
{
    [ThreadStatic] private static bool t_sampledAtEdge;

    private readonly Sampler _ratio = ratio >= 1 ? new AlwaysOnSampler() : new TraceIdRatioBasedSampler(ratio);

    public double Ratio => ratio;

    /// <summary>True for the given share of calls; cheap enough for every call.</summary>
    public bool Sample() => ratio >= 1 || (ratio > 0 && Random.Shared.NextDouble() < ratio);

    /// <summary>Creates the root span of a call <see cref="Sample"/> chose (null if no listener records that source).</summary>
    public static Activity? CreateSampledRoot(ActivitySource source, string name, ActivityKind kind)
    {
        // Samplers run synchronously inside CreateActivity, on this thread.
        t_sampledAtEdge = true;
        try
        {
            return source.CreateActivity(name, kind);
        }
        finally
        {
            t_sampledAtEdge = false;
        }
    }

    public override SamplingResult ShouldSample(in SamplingParameters parameters) =>
        t_sampledAtEdge ? new SamplingResult(SamplingDecision.RecordAndSample) : _ratio.ShouldSample(parameters);
}
