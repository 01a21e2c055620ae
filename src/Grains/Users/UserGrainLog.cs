using Microsoft.Extensions.Logging;

namespace Grains.Users;

/// <summary>
/// What a user command did, one line each, with the user id, the version it left, and the
/// command and correlation ids the caller set (null when it set none), so that one request can be
/// followed across silos. Payloads (names, emails, addresses) are never logged.
/// </summary>
internal static partial class UserGrainLog
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "User {UserId}: {Command} appended {EventCount} event(s), now at version {Version} (command {CommandId}, correlation {CorrelationId})")]
    public static partial void Applied(this ILogger logger, string userId, string command, int eventCount, int version, string? commandId, string? correlationId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "User {UserId}: {Command} changes nothing at version {Version} (command {CommandId}, correlation {CorrelationId})")]
    public static partial void NoChange(this ILogger logger, string userId, string command, int version, string? commandId, string? correlationId);

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId}: {Command} was already applied; version {Version} (command {CommandId}, correlation {CorrelationId})")]
    public static partial void AlreadyApplied(this ILogger logger, string userId, string command, int version, string commandId, string? correlationId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "User {UserId}: {Command} lost a version conflict at version {Version}, attempt {Attempt}; deciding it again (command {CommandId}, correlation {CorrelationId})")]
    public static partial void Conflicted(this ILogger logger, string userId, string command, int version, int attempt, string? commandId, string? correlationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "User {UserId}: {Command} kept losing version conflicts and was not applied; version {Version} (command {CommandId}, correlation {CorrelationId})")]
    public static partial void GaveUp(this ILogger logger, string userId, string command, int version, string? commandId, string? correlationId);

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId}: {Command} failed at version {Version}: {ErrorType} (command {CommandId}, correlation {CorrelationId})")]
    public static partial void StoreFailed(this ILogger logger, string userId, string command, int version, string errorType, string? commandId, string? correlationId);
}
