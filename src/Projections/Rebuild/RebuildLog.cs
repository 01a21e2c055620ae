using Microsoft.Extensions.Logging;

namespace RedisEventSourcing.Projections.Rebuild;

/// <summary>What rebuilds report: which copy of which projection, and how many entries it has applied.</summary>
internal static partial class RebuildLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Building copy {Copy} of projection {Projection} (as of {AsOf}), {Applied} entries applied before")]
    public static partial void Started(this ILogger logger, string copy, string projection, DateTimeOffset? asOf, long applied);

    [LoggerMessage(Level = LogLevel.Information, Message = "Copy {Copy} of projection {Projection} as of {AsOf} is ready ({Applied} entries)")]
    public static partial void AsOfReady(this ILogger logger, string copy, string projection, DateTimeOffset asOf, long applied);

    [LoggerMessage(Level = LogLevel.Information, Message = "Projection {Projection} switched from copy {Old} to {New}")]
    public static partial void Switched(this ILogger logger, string projection, string old, string @new);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Build of copy {Copy} of projection {Projection} interrupted after {Applied} entries; resume or abandon it")]
    public static partial void Interrupted(this ILogger logger, string copy, string projection, long applied);

    [LoggerMessage(Level = LogLevel.Error, Message = "Build of copy {Copy} of projection {Projection} failed; it can be resumed once the cause is fixed")]
    public static partial void Failed(this ILogger logger, Exception exception, string copy, string projection);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dropped copy {Copy} of projection {Projection}")]
    public static partial void Dropped(this ILogger logger, string copy, string projection);
}
