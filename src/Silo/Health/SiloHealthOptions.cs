using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Silo.Health;

/// <summary>What readiness demands (configuration section <c>Health</c>).</summary>
public sealed class SiloHealthOptions
{
    public const string SectionName = "Health";

    /// <summary>
    /// A projection whose oldest unapplied feed entry has waited longer than this makes the silo
    /// not ready (its queries would answer that stale). 30 s: well past a busy moment or a
    /// partition moving to another silo, short enough to act on.
    /// </summary>
    public TimeSpan MaxProjectionLag { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// What a projection past <see cref="MaxProjectionLag"/> makes readiness: <c>Unhealthy</c> (503,
    /// out of rotation) or <c>Degraded</c> (still 200, the lag shown in the answer). Lag is the
    /// cluster's, so with <c>Unhealthy</c> every silo leaves rotation together and commands, which
    /// do not need the read side, stop too: choose <c>Degraded</c> when stale queries are better
    /// than none.
    /// </summary>
    public HealthStatus ProjectionLagStatus { get; set; } = HealthStatus.Unhealthy;

    /// <summary>
    /// How long one check may take before it counts as failed: short, so that a load balancer
    /// polling readiness gets an answer (503) while Redis hangs instead of timing out itself.
    /// </summary>
    public TimeSpan CheckTimeout { get; set; } = TimeSpan.FromSeconds(2);
}
