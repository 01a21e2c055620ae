using Microsoft.Extensions.Logging;

namespace RedisEventSourcing.Projections.Streaming;

/// <summary>What the partition feed receivers report: the feed key and the position.</summary>
internal static partial class FeedLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Reading feed '{FeedKey}' after {After} ({Mode})")]
    public static partial void Started(this ILogger logger, string feedKey, string after, string mode);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopped reading feed '{FeedKey}' at {After}")]
    public static partial void Stopped(this ILogger logger, string feedKey, string after);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Feed '{FeedKey}' entry {EntryId} is malformed ({Problems}); delivered as _malformed for the consumers to park")]
    public static partial void Malformed(this ILogger logger, string feedKey, string entryId, string problems);
}
