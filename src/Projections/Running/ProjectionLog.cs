using Microsoft.Extensions.Logging;

namespace RedisEventSourcing.Projections.Running;

/// <summary>What the projections' pumps and partition projectors report: the projection, the partition and the feed entry, and for a dead letter the stream, version and correlation id of its event.</summary>
internal static partial class ProjectionLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Projection {Projection} of partition {Partition} failed; it goes on from its checkpoint in {RetryMs} ms")]
    public static partial void PumpFailed(this ILogger logger, Exception exception, string projection, int partition, double retryMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Projection {Projection} sent feed entry {FeedEntryId} of partition {Partition} ({StreamKey} {EntryId}, version {Version}, correlation {CorrelationId}) to its dead letters: {Reason}")]
    public static partial void DeadLettered(this ILogger logger, string projection, int partition, string feedEntryId, string streamKey, string entryId, int version, string? correlationId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Projection {Projection} could not apply feed entry {FeedEntryId} of partition {Partition}")]
    public static partial void ApplyFailed(this ILogger logger, Exception exception, string projection, int partition, string feedEntryId);
}
