namespace RedisEventSourcing.Projections.Running;

/// <summary>
/// Tells an unreachable store (wait and try again: never a dead letter) from an entry a projection
/// cannot apply (a bug, a garbled payload: dead-letter it after the retries).
/// </summary>
public static class ProjectionFailures
{
    public static bool IsTransient(Exception e) => e switch
    {
        StackExchange.Redis.RedisConnectionException or StackExchange.Redis.RedisTimeoutException or TimeoutException => true,
        OperationCanceledException or IOException or System.Net.Sockets.SocketException => true,
        System.Data.Common.DbException db => db.IsTransient || db.InnerException is IOException or System.Net.Sockets.SocketException or TimeoutException,
        AggregateException a => a.InnerExceptions.Any(IsTransient),
        _ => false,
    };
}
