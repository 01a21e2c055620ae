using System.Diagnostics;
using System.Threading.RateLimiting;
using OpenTelemetry.Trace;

namespace Silo.Telemetry;

/// <summary>
/// The silo's root sampler: decides, once, whether a command that enters the system here is traced.
/// A command is traced with probability <c>ratio</c>, and at most <c>maxPerSecond</c> new traces
/// start per second (a token bucket), so a quiet silo traces every command while a busy one traces
/// a fixed number a second: what tracing costs stops growing with the load.
/// <list type="bullet">
/// <item>An HTTP request without a <c>traceparent</c> reaches it as OpenTelemetry's root sampler.</item>
/// <item>A grain call from a client that sends no trace context is decided by
/// <see cref="GrainCallTracer"/> calling <see cref="Sample"/> before anything is created (the
/// calls left out cost no span at all); the span it then creates is recorded here as decided.</item>
/// </list>
/// A child of a caller's span never reaches it: the parent-based sampler around it follows the parent.
/// </summary>
internal sealed class EdgeSampler : Sampler, IDisposable
{
    [ThreadStatic] private static bool t_sampledAtEdge;

    private static readonly SamplingResult Record = new(SamplingDecision.RecordAndSample);
    private static readonly SamplingResult Drop = new(SamplingDecision.Drop);

    private readonly double _ratio;
    private readonly TokenBucketRateLimiter? _cap;

    /// <param name="ratio">Share of commands traced, 0 to 1.</param>
    /// <param name="maxPerSecond">Most new traces a second; 0 = no cap.</param>
    public EdgeSampler(double ratio, double maxPerSecond = 0)
    {
        _ratio = ratio;
        if (maxPerSecond > 0)
        {
            // One token every 1/rate seconds, up to a second's worth saved: even, not one burst per second.
            _cap = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
            {
                TokenLimit = Math.Max(1, (int)Math.Ceiling(maxPerSecond)),
                TokensPerPeriod = 1,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1 / maxPerSecond),
                QueueLimit = 0,
                AutoReplenishment = true,
            });
        }
    }

    /// <summary>Whether a command entering now is traced; cheap enough for every call.</summary>
    public bool Sample()
    {
        if (_ratio <= 0 || (_ratio < 1 && Random.Shared.NextDouble() >= _ratio)) return false;
        if (_cap is null) return true;
        using var lease = _cap.AttemptAcquire();
        return lease.IsAcquired;
    }

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
        t_sampledAtEdge || Sample() ? Record : Drop;

    public void Dispose() => _cap?.Dispose();
}
