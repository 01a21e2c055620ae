using EventSourcing.Tests.Infrastructure;
using Orleans.Configuration;
using Orleans.Providers.Streams.Common;
using Orleans.TestingHost;
using ReadModels.Hosting;
using Silo;

namespace EventSourcing.Tests.Projections;

/// <summary>
/// Two silos registered as src/Silo registers itself, with the read side on and only the Redis
/// users model (<c>Sql = false</c>), which both silos share by construction. Over a private Redis;
/// membership notices a killed silo within seconds, so its partitions and grains move soon.
/// </summary>
public sealed class TwoSiloReadSideClusterFixture : RedisServerFixture
{
    public static readonly string FeedProviderName = new RedisEventSourcing.Projections.Options.ProjectionHostOptions().StreamProviderName;

    public TwoSiloReadSideClusterFixture() : base(alwaysPrivate: true) { }

    public TestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public IManagementGrain Management => Grains.GetGrain<IManagementGrain>(0);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var builder = new TestClusterBuilder(initialSilosCount: 2);
        builder.Properties["Test:RedisConnection"] = ConnectionString;
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    /// <summary>How many partition readers (pulling agents) each running silo has, in no particular order.</summary>
    public async Task<int[]> RunningReadersAsync()
    {
        var answers = await Management.SendControlCommandToProvider<PersistentStreamProvider>(
            FeedProviderName, (int)PersistentStreamProviderCommand.GetNumberRunningAgents);
        return answers.Cast<int>().ToArray();
    }

    public override async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        await base.DisposeAsync();
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            var connection = silo.Configuration["Test:RedisConnection"]!;
            silo.AddUserEventStore(connection, options => options.OperationTimeout = TimeSpan.FromSeconds(5));
            silo.AddUserReadSide(connection, new UserReadModelsOptions { Sql = false });
            silo.Configure<ClusterMembershipOptions>(options =>
            {
                options.ProbeTimeout = TimeSpan.FromSeconds(1);
                options.NumMissedProbesLimit = 2;
                options.NumVotesForDeathDeclaration = 1;
            });
        }
    }

    /// <summary>A call that was on the killed silo fails after seconds, not the default 30, and is retried.</summary>
    private sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(Microsoft.Extensions.Configuration.IConfiguration configuration, IClientBuilder client) =>
            client.Configure<ClientMessagingOptions>(options => options.ResponseTimeout = TimeSpan.FromSeconds(5));
    }
}

[CollectionDefinition(Name)]
public sealed class TwoSiloReadSideCollection : ICollectionFixture<TwoSiloReadSideClusterFixture>
{
    public const string Name = "read-side-two-silos";
}
