using Microsoft.Extensions.DependencyInjection;
using Orleans.Dashboard;

namespace Silo.Dashboard;

public static class DashboardSiloBuilderExtensions
{
    /// <summary>Loopback: the dashboard has no authentication. Port 8081 is free here (the API has 8080).</summary>
    public const string DefaultUrl = "http://127.0.0.1:8081";

    /// <summary>
    /// Runs the Orleans Dashboard in this silo, served on <paramref name="url"/> (port 0: a free
    /// one; the <see cref="DashboardServer"/> service then tells which). It times every grain call
    /// and keeps recent log lines, which is why the host turns it on only when configured.
    /// </summary>
    public static ISiloBuilder AddUsersDashboard(this ISiloBuilder silo, string url = DefaultUrl)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentException.ThrowIfNullOrWhiteSpace(url);
        silo.AddDashboard();
        silo.Services.AddSingleton<DashboardServer>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => new DashboardLifecycle(sp.GetRequiredService<DashboardServer>(), url));
        return silo;
    }
}
