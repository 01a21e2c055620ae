using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Users.Http.Hosting;

namespace Silo.Health;

public static class HealthSiloBuilderExtensions
{
    /// <summary>
    /// Serves <c>/health/live</c> and <c>/health/ready</c> on the users API's address; without
    /// the API (<c>Http:Enabled=false</c>) nothing serves them.
    /// </summary>
    public static ISiloBuilder AddSiloHealth(this ISiloBuilder silo, Action<SiloHealthOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.Services.AddOptions<SiloHealthOptions>()
            .Configure(o => configure?.Invoke(o))
            .Validate(o => o.MaxProjectionLag > TimeSpan.Zero && o.CheckTimeout > TimeSpan.Zero,
                $"{SiloHealthOptions.SectionName}:{nameof(SiloHealthOptions.MaxProjectionLag)} and {SiloHealthOptions.SectionName}:{nameof(SiloHealthOptions.CheckTimeout)} must be positive.")
            .Validate(o => o.ProjectionLagStatus is HealthStatus.Unhealthy or HealthStatus.Degraded,
                $"{SiloHealthOptions.SectionName}:{nameof(SiloHealthOptions.ProjectionLagStatus)} must be Unhealthy or Degraded.")
            .ValidateOnStart();
        silo.Services.AddSingleton<IUsersApiPart, HealthEndpoints>();
        return silo;
    }
}
