using System.Globalization;
using EventSourcing.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.TestingHost;
using ReadModels.Hosting;
using Silo;

namespace EventSourcing.Tests.Projections;

/// <summary>
/// A TestCluster registered as src/Silo registers itself with the read side on: the event store,
/// the users read models (Redis, SQLite with search) as projections of the feeds. Over a private
/// Redis, so its feeds hold only what these tests write.
/// </summary>
public sealed class ReadSideClusterFixture : RedisServerFixture
{
    public ReadSideClusterFixture() : base(alwaysPrivate: true) { }

    public TestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public string SqlitePath { get; } = Path.Combine(Path.GetTempPath(), "es-tests", $"readside-{Guid.NewGuid():N}.db");

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var builder = new TestClusterBuilder(initialSilosCount: 1);
        // Real sockets, so the users-cli process can reach the gateway.
        builder.Options.ConnectionTransport = ConnectionTransportType.TcpSocket;
        builder.Properties["Test:RedisConnection"] = ConnectionString;
        builder.Properties["Test:SqlitePath"] = SqlitePath;
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    /// <summary>The copy of <paramref name="projection"/> queries read now (another after a rebuild test switched it).</summary>
    public async Task<string> LiveCopyAsync(string projection) =>
        (await Grains.GetGrain<RedisEventSourcing.Projections.IProjectionRebuildGrain>(projection).Copies()).Single(c => c.Role == "live").Copy;

    public override async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        await base.DisposeAsync();
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(SqlitePath)!, Path.GetFileName(SqlitePath) + "*")) File.Delete(file);
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            var connection = silo.Configuration["Test:RedisConnection"]!;
            silo.AddUserEventStore(connection, options => options.OperationTimeout = TimeSpan.FromSeconds(5));
            silo.AddUserReadSide(connection, new UserReadModelsOptions { SqlitePath = silo.Configuration["Test:SqlitePath"]! });
            // A third projection with a bug the tests "fix", for dead-letter replay.
            silo.Services.AddSingleton<RedisEventSourcing.Projections.IProjection>(_ =>
                new BuggyUntilFixedProjection(StackExchange.Redis.ConnectionMultiplexer.Connect(connection)));
            // A fourth whose rebuilds wait at a gate, for interrupting, resuming and abandoning them.
            silo.Services.AddSingleton<RedisEventSourcing.Projections.IProjectionFactory>(_ =>
                new GatedRebuildProjection(StackExchange.Redis.ConnectionMultiplexer.Connect(connection)));
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ReadSideCollection : ICollectionFixture<ReadSideClusterFixture>
{
    public const string Name = "read-side";
}
