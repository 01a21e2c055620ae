using System.Net;
using EventSourcing.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Hosting;
using Orleans.TestingHost;
using RedisEventSourcing.Projections;
using RedisEventSourcing.Projections.Hosting;
using Silo;
using Silo.Dashboard;
using Silo.Health;
using Users.Http.Hosting;

namespace EventSourcing.Tests.Health;

/// <summary>
/// A silo registered as src/Silo registers itself with the HTTP API, health checks and the
/// Orleans Dashboard on free ports, over a private Redis the tests stop and pause. With
/// <paramref name="heldProjection"/>, the read side runs one projection, <see cref="HeldProjection"/>,
/// and readiness allows it <see cref="MaxProjectionLag"/>.
/// </summary>
public abstract class HealthClusterFixture(bool heldProjection, HealthStatus projectionLagStatus = HealthStatus.Unhealthy) : RedisServerFixture(alwaysPrivate: true)
{
    public static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxProjectionLag = TimeSpan.FromSeconds(1);

    public TestCluster Cluster { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public HttpClient Dashboard { get; private set; } = null!;

    private IServiceProvider SiloServices => ((InProcessSiloHandle)Cluster.Primary!).SiloHost.Services;

    public HeldProjection Held => SiloServices.GetServices<IProjection>().OfType<HeldProjection>().Single();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var builder = new TestClusterBuilder(initialSilosCount: 1);
        builder.Options.ConnectionTransport = ConnectionTransportType.TcpSocket;
        builder.Properties["Test:RedisConnection"] = ConnectionString;
        builder.Properties["Test:HeldProjection"] = heldProjection ? "true" : "false";
        builder.Properties["Test:ProjectionLagStatus"] = projectionLagStatus.ToString();
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
        // Longer than any check's timeout: a hung check must show as a 503, not as this client giving up.
        Http = new HttpClient { BaseAddress = new Uri(SiloServices.GetRequiredService<UsersApiServer>().Url!), Timeout = TimeSpan.FromSeconds(30) };
        Dashboard = new HttpClient { BaseAddress = new Uri(SiloServices.GetRequiredService<DashboardServer>().Url!), Timeout = TimeSpan.FromSeconds(30) };
    }

    public override async Task DisposeAsync()
    {
        if (heldProjection) Held.Release();
        Http.Dispose();
        Dashboard.Dispose();
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        await base.DisposeAsync();
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            var connection = silo.Configuration["Test:RedisConnection"]!;
            silo.AddUserEventStore(connection, options => options.OperationTimeout = TimeSpan.FromSeconds(1));
            silo.AddUserWatch();
            silo.AddUsersHttpApi("http://127.0.0.1:0");
            silo.AddSiloHealth(health =>
            {
                health.CheckTimeout = CheckTimeout;
                health.MaxProjectionLag = MaxProjectionLag;
                health.ProjectionLagStatus = Enum.Parse<HealthStatus>(silo.Configuration["Test:ProjectionLagStatus"]!);
            });
            silo.AddUsersDashboard("http://127.0.0.1:0");
            if (silo.Configuration["Test:HeldProjection"] == "true")
            {
                silo.AddProjections(connection, options => options.EventTypes["user"] = typeof(Grains.Users.UserEvent));
                silo.Services.AddSingleton<IProjection, HeldProjection>();
            }
        }
    }
}

/// <summary>Health and the dashboard over a Redis the tests stop and pause; no read side.</summary>
public sealed class HealthFixture() : HealthClusterFixture(heldProjection: false);

[CollectionDefinition(Name)]
public sealed class HealthCollection : ICollectionFixture<HealthFixture>
{
    public const string Name = "health";
}

/// <summary>Health with one projection the tests hold back.</summary>
public sealed class ProjectionLagFixture() : HealthClusterFixture(heldProjection: true);

/// <summary>The same, with a lagging projection reported as Degraded (200) rather than Unhealthy.</summary>
public sealed class DegradedLagFixture() : HealthClusterFixture(heldProjection: true, HealthStatus.Degraded);

/// <summary>What the health endpoints answer: the status code and the JSON body.</summary>
internal static class HealthCalls
{
    public static async Task<(HttpStatusCode Status, System.Text.Json.JsonElement Body)> HealthAsync(this HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, System.Text.Json.JsonDocument.Parse(text).RootElement.Clone());
    }

    public static string CheckStatus(this System.Text.Json.JsonElement body, string check) =>
        body.GetProperty("checks").GetProperty(check).GetProperty("status").GetString()!;

    public static string CheckDescription(this System.Text.Json.JsonElement body, string check) =>
        body.GetProperty("checks").GetProperty(check).GetProperty("description").GetString()!;
}
