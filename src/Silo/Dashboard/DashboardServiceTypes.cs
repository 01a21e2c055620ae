using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Dashboard;

namespace Silo.Dashboard;

/// <summary>
/// The services the dashboard's routes resolve (its client, embedded assets and log stream are
/// internal types): learnt from the package's own registration for a dashboard host, so a new
/// version that needs another one is followed without naming it here.
/// </summary>
internal static class DashboardServiceTypes
{
    public static readonly IReadOnlyList<Type> All = Find();

    private static List<Type> Find()
    {
        var services = new ServiceCollection();
        new RegistrationProbe(services).AddDashboard();
        return services.Select(d => d.ServiceType)
            .Where(t => t.Assembly == typeof(DashboardOptions).Assembly && !t.IsGenericTypeDefinition)
            .Distinct()
            .ToList();
    }

    private sealed class RegistrationProbe(IServiceCollection services) : IClientBuilder
    {
        public IServiceCollection Services { get; } = services;

        public IConfiguration Configuration { get; } = new ConfigurationBuilder().Build();
    }
}
