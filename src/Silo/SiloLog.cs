using Microsoft.Extensions.Logging;

namespace Silo;

internal static partial class SiloLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "No Redis:ConnectionString configured; using a private redis-server at {ConnectionString}, data in {DataDirectory}")]
    public static partial void UsingLocalRedis(this ILogger logger, string connectionString, string dataDirectory);

    [LoggerMessage(Level = LogLevel.Information, Message = "Using Redis at {ConnectionString}")]
    public static partial void UsingConfiguredRedis(this ILogger logger, string connectionString);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The silo could not start: {ExceptionType}: {Reason}")]
    public static partial void StartFailed(this ILogger logger, string exceptionType, string reason);

    // Scripts wait for this line: keep its start stable.
    [LoggerMessage(Level = LogLevel.Information, Message = "Silo started; gateway on port {GatewayPort}, Redis at {ConnectionString} (silo port {SiloPort}, {Clustering} clustering, cluster {ClusterId}, service {ServiceId}); HTTP API at {HttpUrl}")]
    public static partial void SiloStarted(this ILogger logger, int gatewayPort, string connectionString, int siloPort, ClusteringMode clustering, string clusterId, string serviceId, string httpUrl);

    [LoggerMessage(Level = LogLevel.Information, Message = "Orleans Dashboard at {DashboardUrl}")]
    public static partial void DashboardStarted(this ILogger logger, string dashboardUrl);
}
