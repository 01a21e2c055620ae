using Orleans.Runtime;
using Users.Http.Hosting;

namespace Silo;

/// <summary>
/// Serves the users API once the silo is active (grain calls work from the first request) and
/// stops it first when the silo stops, so no request is cut off by a silo already going down.
/// </summary>
internal sealed class HttpApiLifecycle(UsersApiServer server, string url) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(HttpApiLifecycle), ServiceLifecycleStage.Active,
            cancellationToken => server.StartAsync(url, cancellationToken),
            async cancellationToken =>
            {
                await server.StopAsync(cancellationToken);
                await server.DisposeAsync();
            });
}
