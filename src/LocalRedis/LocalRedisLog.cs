using Microsoft.Extensions.Logging;

namespace LocalRedis;

internal static partial class LocalRedisLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "redis-server (pid {Pid}) ready at 127.0.0.1:{Port}, data in {DataDirectory}, appendonly {AppendOnly}, appendfsync {AppendFsync}")]
    public static partial void Started(this ILogger logger, int pid, int port, string dataDirectory, bool appendOnly, string appendFsync);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Port {Port} was free when picked but taken before redis-server could bind it; trying another (attempt {Attempt} of {Attempts})")]
    public static partial void RetryingOnAnotherPort(this ILogger logger, int port, int attempt, int attempts);

    [LoggerMessage(Level = LogLevel.Information, Message = "redis-server (pid {Pid}) on port {Port} stopped with exit code {ExitCode}")]
    public static partial void Stopped(this ILogger logger, int pid, int port, int exitCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "redis-server (pid {Pid}) on port {Port} did not take SHUTDOWN: {Reason}; killing it")]
    public static partial void ShutdownRefused(this ILogger logger, int pid, int port, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "redis-server (pid {Pid}) on port {Port} still running {Timeout} after SHUTDOWN; killing it")]
    public static partial void ShutdownTimedOut(this ILogger logger, int pid, int port, TimeSpan timeout);

    [LoggerMessage(Level = LogLevel.Information, Message = "redis-server (pid {Pid}) on port {Port} killed")]
    public static partial void Killed(this ILogger logger, int pid, int port);

    [LoggerMessage(Level = LogLevel.Error, Message = "redis-server (pid {Pid}) on port {Port} exited unexpectedly with code {ExitCode}; see {LogFile}")]
    public static partial void ExitedUnexpectedly(this ILogger logger, int pid, int port, int exitCode, string logFile);
}
