using Microsoft.Extensions.Logging;
using Orleans.EventSourcing;
using Orleans.Runtime;
using Orleans.Serialization;

namespace RedisEventSourcing.Hosting;

/// <summary>
/// Orleans registers its own protocol services only from its internal <c>Add...LogConsistencyProvider</c>
/// methods, so a provider in its own assembly must supply an equivalent for JournaledGrain to activate.
/// </summary>
internal sealed class RedisStreamsProtocolServices(IGrainContext grainContext, ILogger logger, DeepCopier deepCopier, string clusterId)
    : ILogConsistencyProtocolServices
{
    public GrainId GrainId => grainContext.GrainId;

    public string MyClusterId => clusterId;

    public T DeepCopy<T>(T value) => deepCopier.Copy(value)!;

    public void ProtocolError(string msg, bool throwexception)
    {
        logger.ProtocolError(GrainId, msg);
        if (throwexception) throw new OrleansException($"{msg} (grain={GrainId})");
    }

    public void CaughtException(string where, Exception e) =>
        logger.CaughtException(e, GrainId, where);

    public void CaughtUserCodeException(string callback, string where, Exception e) =>
        logger.CaughtUserCodeException(e, GrainId, callback, where);

    public void Log(LogLevel level, string format, params object[] args)
    {
        if (logger.IsEnabled(level))
            logger.Protocol(level, GrainId, string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args));
    }
}
