using Microsoft.Extensions.Logging;

namespace Users.Http.Errors;

/// <summary>What the users API reports about failed requests, with the command and correlation ids a client can quote.</summary>
internal static partial class UsersApiLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path} failed: {ProblemType} (command {CommandId}, correlation {CorrelationId})")]
    public static partial void RequestFailed(this ILogger logger, Exception exception, string method, string path, string problemType, string? commandId, string? correlationId);
}
