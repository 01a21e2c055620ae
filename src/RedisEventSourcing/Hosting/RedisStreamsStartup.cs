using Orleans;
using Orleans.Runtime;
using RedisEventSourcing.Storage;

namespace RedisEventSourcing.Hosting;

/// <summary>
/// Connects when the silo starts, so a wrong partition count or an unreachable Redis stops start-up
/// with a clear error rather than failing the first grain call; disconnects when it stops.
/// </summary>
internal sealed class RedisStreamsStartup(RedisStreamsConnection connection) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe($"{nameof(RedisStreamsStartup)}-{connection.Name}", ServiceLifecycleStage.ApplicationServices,
            async _ => await connection.GetDatabaseAsync(),
            async _ => await connection.DisposeAsync());
}
