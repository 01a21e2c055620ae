using Microsoft.Extensions.Logging;

namespace Grains.Watch;

/// <summary>What user watches report, with the watched user's id.</summary>
internal static partial class UserWatchLog
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Watch {WatchId} of user '{UserId}' started after version {Version}")]
    public static partial void Started(this ILogger logger, string userId, Guid watchId, int version);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Watch {WatchId} of user '{UserId}' was not renewed and ended")]
    public static partial void Expired(this ILogger logger, string userId, Guid watchId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "No one watches user '{UserId}' any more: tailing stopped")]
    public static partial void Stopped(this ILogger logger, string userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot read the stream of watched user '{UserId}' ({Reason}); retrying at each tick")]
    public static partial void ReadFailed(this ILogger logger, Exception exception, string userId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot publish to watch stream {StreamId} of user '{UserId}'")]
    public static partial void PublishFailed(this ILogger logger, Exception exception, string userId, string streamId);
}
