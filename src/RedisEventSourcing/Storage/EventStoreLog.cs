using Microsoft.Extensions.Logging;

namespace RedisEventSourcing.Storage;

/// <summary>
/// The provider's log lines outside the append path (whose lines stay beside it in
/// <c>RedisStreamsLogViewAdaptor.Write.cs</c>). Each names the stream, which carries the
/// aggregate's id, and the version where it is known; exceptions that may quote the Redis
/// configuration come through <see cref="Options.RedisSecrets.Redact"/>.
/// </summary>
internal static partial class EventStoreLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading '{StreamKey}' after version {Version} from Redis failed")]
    public static partial void ReadFailed(this ILogger logger, Exception exception, string streamKey, int version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing {Count} pending event(s) of '{StreamKey}' after version {Version} failed ({Reason}); retrying in {DelayMs:0} ms")]
    public static partial void WriteRetry(this ILogger logger, string streamKey, int count, int version, double delayMs, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "A background write of '{StreamKey}' failed")]
    public static partial void BackgroundWriteFailed(this ILogger logger, Exception exception, string streamKey);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cleared the log '{StreamKey}' at version {Version} (last entry {EntryId}); a _cleared marker is in the partition feed")]
    public static partial void Cleared(this ILogger logger, string streamKey, int version, string entryId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Snapshot '{Key}' is not usable ({Reason}); replaying the stream and replacing it")]
    public static partial void SnapshotUnusable(this ILogger logger, string key, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write snapshot '{Key}' at version {Version}; activation will replay more events")]
    public static partial void SnapshotWriteFailed(this ILogger logger, Exception exception, string key, int version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unconfirmed events of '{StreamKey}' after version {Version} were dropped on deactivation")]
    public static partial void DroppedOnDeactivation(this ILogger logger, Exception exception, string streamKey, int version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event store '{Name}' cannot reach Redis: {Details}")]
    public static partial void Unreachable(this ILogger logger, string name, string details);

    [LoggerMessage(Level = LogLevel.Information, Message = "Event store '{Name}' connected (prefix '{Prefix}', {Partitions} partitions, appends grouped {Grouping})")]
    public static partial void Connected(this ILogger logger, string name, string prefix, int partitions, string grouping);
}
