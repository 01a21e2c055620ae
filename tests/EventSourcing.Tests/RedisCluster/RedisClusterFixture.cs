using System.Globalization;
using LocalRedis;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.TestingHost;
using ReadModels.Hosting;
using RedisEventSourcing.Storage;
using Silo;
using StackExchange.Redis;

namespace EventSourcing.Tests.RedisCluster;

/// <summary>
/// A real Redis Cluster on loopback (3 masters, 3 replicas, AOF with <c>appendfsync always</c>,
/// 1 s node timeout) and an Orleans TestCluster registered as src/Silo registers itself, event
/// store and read side both on that cluster, through the silo's one connection string.
/// </summary>
public class RedisClusterFixture : IAsyncLifetime
{
    /// <summary>Several times the number of masters, so partitions spread over them (docs/operations.md).</summary>
    public const int Partitions = 12;

    /// <summary>The default: the full suite loads this 2-core box enough that 2 s timed out a plain append.</summary>
    public static readonly TimeSpan OperationTimeout = TimeSpan.FromSeconds(5);

    private readonly int replicaAcknowledgements;

    public RedisClusterFixture() : this(replicaAcknowledgements: 0) { }

    protected RedisClusterFixture(int replicaAcknowledgements) => this.replicaAcknowledgements = replicaAcknowledgements;

    public LocalRedisCluster Redis { get; private set; } = null!;

    /// <summary>A cluster-aware connection for the tests' own reads of the raw keys.</summary>
    public ConnectionMultiplexer Multiplexer { get; private set; } = null!;

    public IDatabase Db => Multiplexer.GetDatabase();

    public TestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public StreamKeys Keys { get; } = new("es", Partitions);

    private string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "es-tests", "rcluster-" + Guid.NewGuid().ToString("N"));

    private string SqlitePath => Path.Combine(DataDirectory, "users.db");

    public virtual async Task InitializeAsync()
    {
        Redis = await LocalRedisCluster.StartAsync(new LocalRedisClusterOptions { DataDirectory = Path.Combine(DataDirectory, "redis") });
        var options = ConfigurationOptions.Parse(Redis.ConnectionString);
        options.AllowAdmin = true;
        options.AbortOnConnectFail = false;
        Multiplexer = await ConnectionMultiplexer.ConnectAsync(options);

        var builder = new TestClusterBuilder(initialSilosCount: 1);
        builder.Properties["Test:RedisConnection"] = Redis.ConnectionString;
        builder.Properties["Test:SqlitePath"] = SqlitePath;
        builder.Properties["Test:ReplicaAcknowledgements"] = replicaAcknowledgements.ToString(CultureInfo.InvariantCulture);
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    /// <summary>The primary silo's event-store connection.</summary>
    public RedisStreamsConnection EventStoreConnection =>
        ((InProcessSiloHandle)Cluster.Primary!).SiloHost.Services
            .GetRequiredKeyedService<RedisStreamsConnection>(global::Grains.UserGrainConstants.ProviderName);

    /// <summary>Drops every idle activation, so the next call rebuilds its grain from Redis.</summary>
    public Task DeactivateAllAsync() =>
        Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

    public virtual async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        await Multiplexer.DisposeAsync();
        await Redis.DisposeAsync();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            var connection = silo.Configuration["Test:RedisConnection"]!;
            var acknowledgements = int.Parse(silo.Configuration["Test:ReplicaAcknowledgements"]!, CultureInfo.InvariantCulture);
            silo.AddUserEventStore(connection, options =>
            {
                options.Partitions = Partitions;
                options.OperationTimeout = OperationTimeout;
                options.ReplicaAcknowledgements = acknowledgements;
                // A replica on a box busy with the whole suite has been seen to take over 1 s (the default) to acknowledge.
                options.ReplicaAcknowledgementTimeout = TimeSpan.FromSeconds(2.5);
                // Snapshots and paging on a cluster too.
                options.SnapshotEvery = 5;
                options.ReadPageSize = 4;
            });
            silo.AddUserReadSide(connection, new UserReadModelsOptions { SqlitePath = silo.Configuration["Test:SqlitePath"]! }, partitions: Partitions);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class RedisClusterCollection : ICollectionFixture<RedisClusterFixture>
{
    public const string Name = "redis-cluster";
}
