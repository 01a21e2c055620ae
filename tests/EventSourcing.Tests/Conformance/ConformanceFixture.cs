using System.Globalization;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.TestingHost;
using Silo;
using StackExchange.Redis;
using EventSourcing.Tests.Infrastructure;

namespace EventSourcing.Tests.Conformance;

/// <summary>
/// A TestCluster hosting both providers side by side over a real Redis: ours registered exactly as
/// src/Silo registers it (<see cref="SiloConfiguration.AddUserEventStore"/>, under its own provider
/// name), and Orleans' LogStorage provider over memory grain storage, as in Orleans' own
/// event-sourcing test fixture. Keys carry a prefix of their own, so a shared Redis is fine.
/// </summary>
public class ConformanceFixture : RedisServerFixture
{
    private readonly short silos;
    private readonly bool durableGrainStorage;

    public ConformanceFixture() : this(silos: 1, durableGrainStorage: false) { }

    /// <param name="durableGrainStorage">
    /// LogStorage over Redis grain storage instead of memory: memory grain storage lives in grains
    /// of the silos, so a test that stops a silo would lose LogStorage's log with it.
    /// </param>
    protected ConformanceFixture(short silos, bool durableGrainStorage)
    {
        this.silos = silos;
        this.durableGrainStorage = durableGrainStorage;
    }

    public TestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public string KeyPrefix { get; } = "conf-" + Guid.NewGuid().ToString("N")[..8];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var builder = new TestClusterBuilder(silos);
        builder.Properties["Test:RedisConnection"] = ConnectionString;
        builder.Properties["Test:KeyPrefix"] = KeyPrefix;
        builder.Properties["Test:DurableGrainStorage"] = durableGrainStorage.ToString(CultureInfo.InvariantCulture);
        builder.Properties["Test:FastFailureDetection"] = (silos > 1).ToString(CultureInfo.InvariantCulture);
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
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
            var keyPrefix = silo.Configuration["Test:KeyPrefix"]!;
            silo.AddUserEventStore(connection, options => options.KeyPrefix = keyPrefix);
            silo.AddLogStorageBasedLogConsistencyProvider(Providers.LogStorage);
            if (bool.Parse(silo.Configuration["Test:DurableGrainStorage"]!))
                silo.AddRedisGrainStorageAsDefault(options => options.ConfigurationOptions = ConfigurationOptions.Parse(connection));
            else
                silo.AddMemoryGrainStorageAsDefault();
            // With several silos, a killed one is declared dead after about two seconds.
            if (bool.Parse(silo.Configuration["Test:FastFailureDetection"]!))
                silo.Configure<ClusterMembershipOptions>(options =>
                {
                    options.ProbeTimeout = TimeSpan.FromSeconds(1);
                    options.NumMissedProbesLimit = 2;
                    options.NumVotesForDeathDeclaration = 1;
                });
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ConformanceCollection : ICollectionFixture<ConformanceFixture>
{
    public const string Name = "conformance";
}
