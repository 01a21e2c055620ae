using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.TestingHost;
using Silo;

namespace EventSourcing.Tests.Infrastructure;

/// <summary>An Orleans TestCluster registered exactly as src/Silo registers itself, over a real Redis.</summary>
public class ClusterFixture : RedisServerFixture
{
    private readonly TimeSpan operationTimeout;

    public ClusterFixture() : this(privateRedis: false, TimeSpan.FromSeconds(5)) { }

    protected ClusterFixture(bool privateRedis, TimeSpan operationTimeout) : base(privateRedis) => this.operationTimeout = operationTimeout;

    public TestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var builder = new TestClusterBuilder(initialSilosCount: 1);
        // Real sockets, so an out-of-process client (the users-cli tests) can reach the gateway.
        builder.Options.ConnectionTransport = ConnectionTransportType.TcpSocket;
        builder.Properties["Test:RedisConnection"] = ConnectionString;
        builder.Properties["Test:OperationTimeoutMs"] = operationTimeout.TotalMilliseconds.ToString(CultureInfo.InvariantCulture);
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public override async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        await base.DisposeAsync();
    }

    /// <summary>The primary silo's event-store connection (the provider's shared state, for fault tests).</summary>
    public RedisEventSourcing.Storage.RedisStreamsConnection EventStoreConnection =>
        ((InProcessSiloHandle)Cluster.Primary!).SiloHost.Services
            .GetRequiredKeyedService<RedisEventSourcing.Storage.RedisStreamsConnection>(global::Grains.UserGrainConstants.ProviderName);

    /// <summary>Drops every idle activation, so the next call rebuilds its grain from Redis.</summary>
    public Task DeactivateAllAsync() =>
        Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

    public const int ReadPageSize = 7;
    public const int SnapshotEvery = 10;

    /// <summary>The test client receives watches as users-cli does.</summary>
    private sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(Microsoft.Extensions.Configuration.IConfiguration configuration, IClientBuilder client) =>
            client.AddMemoryStreams(global::Grains.Interfaces.UserWatchStreams.ProviderName);
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            var connection = silo.Configuration["Test:RedisConnection"]!;
            var timeoutMs = double.Parse(silo.Configuration["Test:OperationTimeoutMs"]!, CultureInfo.InvariantCulture);
            silo.AddUserEventStore(connection, options =>
            {
                options.OperationTimeout = TimeSpan.FromMilliseconds(timeoutMs);
                // Small pages and frequent snapshots put every test through paging and snapshot + tail.
                options.ReadPageSize = ReadPageSize;
                options.SnapshotEvery = SnapshotEvery;
            });
            silo.AddUserWatch();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}

/// <summary>A cluster over a private Redis the tests may stop, pause and restart; appends time out after 1 s.</summary>
public sealed class FaultClusterFixture : ClusterFixture
{
    public FaultClusterFixture() : base(privateRedis: true, TimeSpan.FromSeconds(1)) { }
}

[CollectionDefinition(Name)]
public sealed class FaultClusterCollection : ICollectionFixture<FaultClusterFixture>
{
    public const string Name = "faults";
}
