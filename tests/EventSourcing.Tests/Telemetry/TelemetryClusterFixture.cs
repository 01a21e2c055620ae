using System.Diagnostics;
using EventSourcing.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Orleans.Hosting;
using Orleans.TestingHost;
using ReadModels.Hosting;
using Silo;
using Silo.Telemetry;
using Users.Http.Hosting;

namespace EventSourcing.Tests.Telemetry;

/// <summary>
/// A silo registered as src/Silo registers itself, with the read side (Redis model), the HTTP API on
/// a free port and telemetry through <see cref="SiloTelemetry.AddUsersTelemetry"/>: Prometheus on,
/// and in-memory exporters for metrics and spans. Snapshots every 5 events, none on deactivation, so
/// tests know when one exists. The meters are static, so these tests run alone (their collection is
/// not parallel): every measurement then comes from this silo.
/// </summary>
public sealed class TelemetryClusterFixture() : RedisServerFixture(alwaysPrivate: true)
{
    public const int SnapshotEvery = 5;

    // Static: TestCluster builds the silo configurator from its type, so it cannot be handed instances.
    private static readonly LockedList<MetricSnapshot> ExportedMetrics = [];
    private static readonly LockedList<Activity> ExportedSpans = [];

    public TestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    /// <summary>The silo's own grain factory: calls made from inside the cluster, as the HTTP API's are.</summary>
    public IGrainFactory SiloGrains => SiloServices.GetRequiredService<IGrainFactory>();

    public HttpClient Http { get; private set; } = null!;

    private IServiceProvider SiloServices => ((InProcessSiloHandle)Cluster.Primary!).SiloHost.Services;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var builder = new TestClusterBuilder(initialSilosCount: 1);
        // Real sockets: the users-cli test runs the CLI in its own process against the gateway.
        builder.Options.ConnectionTransport = ConnectionTransportType.TcpSocket;
        builder.Properties["Test:RedisConnection"] = ConnectionString;
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
        var url = SiloServices.GetRequiredService<UsersApiServer>().Url ?? throw new InvalidOperationException("The silo did not start the HTTP API.");
        Http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
    }

    public override async Task DisposeAsync()
    {
        Http.Dispose();
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        await base.DisposeAsync();
    }

    /// <summary>Collects the silo's metrics now (cumulative since it started).</summary>
    public MetricReadings ReadMetrics()
    {
        lock (ExportedMetrics)
        {
            ExportedMetrics.Clear();
            SiloServices.GetRequiredService<MeterProvider>().ForceFlush();
            return new MetricReadings(ExportedMetrics.Snapshot());
        }
    }

    /// <summary>
    /// Waits until every projection has applied every feed entry (an earlier test's events, a
    /// re-derivation after a foreign entry), so a test's readings see only its own workload.
    /// </summary>
    public async Task ProjectionsIdleAsync()
    {
        var admin = Grains.GetGrain<RedisEventSourcing.Projections.IProjectionAdminGrain>(0);
        await Eventually.TrueAsync(async () => (await admin.Status()).All(s => s.Behind == 0), TimeSpan.FromSeconds(30), "the projections catching up");
        // The counters move right after the checkpoint commits: wait until two readings agree.
        await Eventually.TrueAsync(() => Task.FromResult(Applied(ReadMetrics()) == Applied(ReadMetrics())), TimeSpan.FromSeconds(30), "the projection counters settling");
    }

    public static long Applied(MetricReadings readings) => readings.Counter("es.projection.events.applied", ("projection", "users_redis"));

    /// <summary>Every span the silo has ended so far in <paramref name="traceId"/>.</summary>
    public List<Activity> Spans(ActivityTraceId traceId) => ExportedSpans.Snapshot().Where(s => s.TraceId == traceId).ToList();

    /// <summary>Every span the silo has ended so far.</summary>
    public List<Activity> AllSpans() => ExportedSpans.Snapshot();

    /// <summary>Drops every idle activation, so the next call rebuilds its grain from Redis.</summary>
    public Task DeactivateAllAsync() => Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            var connection = silo.Configuration["Test:RedisConnection"]!;
            silo.AddUserEventStore(connection, options =>
            {
                options.SnapshotEvery = SnapshotEvery;
                options.SnapshotOnDeactivate = false;
            });
            silo.AddUserWatch();
            silo.AddUserReadSide(connection, new UserReadModelsOptions { Sql = false });
            silo.AddUsersHttpApi("http://127.0.0.1:0");
            silo.AddUsersTelemetry(new TelemetryOptions
            {
                PrometheusEnabled = true,
                // Every command the tests send is traced (the default caps new traces at 10 a second).
                SamplingRatio = 1.0,
                MaxTracesPerSecond = 0,
                OrleansMetrics = true,
                ConfigureMetrics = metrics => metrics.AddInMemoryExporter(ExportedMetrics),
                ConfigureTracing = tracing => tracing.AddInMemoryExporter(ExportedSpans),
            });
        }
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection : ICollectionFixture<TelemetryClusterFixture>
{
    public const string Name = "telemetry";
}
