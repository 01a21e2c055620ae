using Grains;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using RedisEventSourcing.Projections.Operations;
using RedisEventSourcing.Projections.Running;
using RedisEventSourcing.Storage;
using Users.Http.Hosting;

namespace Silo.Health;

/// <summary>
/// <c>/health/live</c> and <c>/health/ready</c> on the users API's address. The checks run in the
/// API's web app but read the silo's own services (the event store's connection, the membership
/// view, the projections' checkpoints), which <paramref name="silo"/> hands them.
/// </summary>
internal sealed class HealthEndpoints(IServiceProvider silo, IOptions<SiloHealthOptions> options) : IUsersApiPart
{
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";

    public void AddServices(IServiceCollection services)
    {
        var o = options.Value;
        // The registration's timeout only backs up each check's own, which names what did not answer.
        var backstop = o.CheckTimeout + TimeSpan.FromSeconds(1);
        var checks = services.AddHealthChecks();
        checks.Add(new HealthCheckRegistration("process", _ => new ProcessHealthCheck(), HealthStatus.Unhealthy, [HealthTags.Live], backstop));
        checks.Add(new HealthCheckRegistration("redis",
            _ => new RedisHealthCheck(silo.GetRequiredKeyedService<RedisStreamsConnection>(UserGrainConstants.ProviderName), o.CheckTimeout),
            HealthStatus.Unhealthy, [HealthTags.Ready], backstop));
        checks.Add(new HealthCheckRegistration("membership",
            _ => new ClusterMembershipHealthCheck(silo.GetRequiredService<IClusterMembershipService>(), silo.GetRequiredService<ILocalSiloDetails>()),
            HealthStatus.Unhealthy, [HealthTags.Ready], backstop));
        if (silo.GetService<ProjectionLagProbe>() is { Any: true } probe)
            checks.Add(new HealthCheckRegistration("projections",
                _ => new ProjectionLagHealthCheck(probe, silo.GetRequiredService<ProjectionConnection>().Options.ConfigurationOptions, o.MaxProjectionLag, o.CheckTimeout),
                o.ProjectionLagStatus, [HealthTags.Ready], backstop));
    }

    public void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks(LivePath, Only(HealthTags.Live));
        endpoints.MapHealthChecks(ReadyPath, Only(HealthTags.Ready));
    }

    private static HealthCheckOptions Only(string tag) => new()
    {
        Predicate = registration => registration.Tags.Contains(tag),
        ResponseWriter = HealthJsonWriter.WriteAsync,
    };
}
