using System.Diagnostics;
using Orleans.Serialization.Invocation;

namespace RedisEventSourcing.Tracing;

/// <summary>
/// Decides whether an incoming call of a <see cref="TracedAttribute"/> method is traced, from the
/// request context it arrived with. Registered in a silo's services when tracing is on; without one
/// (tracing off, an external client) a traced method's request costs one service look-up.
/// </summary>
public interface IIncomingCallTracer
{
    /// <summary>The call's server span, created but not started, or null when it is not traced.</summary>
    Activity? Create(IInvokable request);

    /// <summary>Marks a span whose call failed.</summary>
    void Fail(Activity span, Exception exception);
}
