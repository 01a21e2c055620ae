using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace RedisEventSourcing.Hosting;

/// <summary>What Orleans' log-consistency machinery reports through the protocol services, with the grain's id.</summary>
internal static partial class ProtocolServicesLog
{
    [LoggerMessage(Level = LogLevel.Error, Message = "{GrainId} protocol error: {Reason}")]
    public static partial void ProtocolError(this ILogger logger, GrainId grainId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "{GrainId} exception caught at {Location}")]
    public static partial void CaughtException(this ILogger logger, Exception exception, GrainId grainId, string location);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{GrainId} exception in user code {Callback}, called from {Location}")]
    public static partial void CaughtUserCodeException(this ILogger logger, Exception exception, GrainId grainId, string callback, string location);

    /// <summary>Orleans hands a composite format and its arguments: formatted here, then logged as one value.</summary>
    [LoggerMessage(Message = "{GrainId} {Detail}")]
    public static partial void Protocol(this ILogger logger, LogLevel level, GrainId grainId, string detail);
}
