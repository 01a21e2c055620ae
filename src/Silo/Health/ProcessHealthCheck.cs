using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Silo.Health;

/// <summary>
/// Liveness asks nothing of Redis or the cluster: a silo that cannot reach them should be taken
/// out of service (readiness), not restarted, which would only add a cold start to the outage.
/// Answering at all is the proof of life.
/// </summary>
internal sealed class ProcessHealthCheck : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(HealthCheckResult.Healthy($"process {Environment.ProcessId} answers"));
}
