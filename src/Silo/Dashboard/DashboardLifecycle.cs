using Orleans.Runtime;

namespace Silo.Dashboard;

/// <summary>Serves the dashboard once the silo is active (its grains answer) and stops it first when the silo stops.</summary>
internal sealed class DashboardLifecycle(DashboardServer server, string url) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(DashboardLifecycle), ServiceLifecycleStage.Active,
            cancellationToken => server.StartAsync(url, cancellationToken),
            async cancellationToken =>
            {
                await server.StopAsync(cancellationToken);
                await server.DisposeAsync();
            });
}
