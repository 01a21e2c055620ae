using Microsoft.Extensions.Diagnostics.HealthChecks;
using RedisEventSourcing.Storage;

namespace Silo.Health;

/// <summary>
/// The event store's Redis answers a PING on the event store's own connection (the one appends
/// use), within the check timeout. A failure's description is one scrubbed line: a health answer
/// may be shown to anyone who can reach the port.
/// </summary>
internal sealed class RedisHealthCheck(RedisStreamsConnection connection, TimeSpan timeout) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            // One deadline for connecting (the first time) and the PING together.
            var roundTrip = await PingAsync().WithinAsync(timeout, "Redis", cancellationToken);
            return HealthCheckResult.Healthy($"Redis of event store '{connection.Name}' answered PING in {roundTrip.TotalMilliseconds:0.0} ms",
                new Dictionary<string, object> { ["pingMs"] = Math.Round(roundTrip.TotalMilliseconds, 1) });
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"Redis of event store '{connection.Name}' is not reachable: {FailureText.OneLine(e, connection.Options.ConfigurationOptions)}");
        }
    }

    private async Task<TimeSpan> PingAsync() => await (await connection.GetDatabaseAsync()).PingAsync();
}
