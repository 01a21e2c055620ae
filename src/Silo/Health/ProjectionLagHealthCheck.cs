using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RedisEventSourcing.Projections.Operations;
using StackExchange.Redis;

namespace Silo.Health;

/// <summary>
/// Every projection's live copy has applied what was appended more than
/// <see cref="SiloHealthOptions.MaxProjectionLag"/> ago. The figures are the cluster's (read from
/// the checkpoints), so every silo reports the same projection as behind; each one's detail is in
/// the answer's data. A silo without projections (<c>ReadModels:Enabled=false</c>) does not register this check.
/// </summary>
internal sealed class ProjectionLagHealthCheck(ProjectionLagProbe probe, ConfigurationOptions? redis, TimeSpan maxLag, TimeSpan timeout) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<ProjectionLag> lags;
        try
        {
            lags = await probe.ReadAsync(cancellationToken).WithinAsync(timeout, "The projections' checkpoints and feeds", cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"Projection lag unknown: {FailureText.OneLine(e, redis)}");
        }

        var data = lags.ToDictionary(l => l.Projection, l => (object)Detail(l));
        var behind = lags.Where(l => l.OldestUnapplied > maxLag).ToList();
        if (behind.Count == 0)
            return HealthCheckResult.Healthy($"{lags.Count} projection(s) within {Seconds(maxLag)}", data);
        var worst = string.Join(", ", behind.Select(l => $"{l.Projection} {Seconds(l.OldestUnapplied!.Value)} (partition {l.Partition})"));
        // Unhealthy or Degraded, as configured (SiloHealthOptions.ProjectionLagStatus).
        return new HealthCheckResult(context.Registration.FailureStatus, $"Projection(s) behind by more than {Seconds(maxLag)}: {worst}", data: data);
    }

    private Dictionary<string, object?> Detail(ProjectionLag lag) => new()
    {
        ["copy"] = lag.Copy,
        // Rounded up, so a projection over the limit by a fraction of a millisecond never shows lagMs == maxLagMs.
        ["lagMs"] = lag.OldestUnapplied is { } t ? Math.Ceiling(t.TotalMilliseconds) : 0,
        ["maxLagMs"] = maxLag.TotalMilliseconds,
        ["worstPartition"] = lag.Partition,
        ["partitionsBehind"] = lag.PartitionsBehind,
    };

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";
}
