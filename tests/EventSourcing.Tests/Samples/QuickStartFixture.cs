using EventSourcing.Tests.Infrastructure;
using Orleans.TestingHost;
using QuickStart;

namespace EventSourcing.Tests.Samples;

/// <summary>A TestCluster registered by the quick-start sample's own code (our provider as the default one).</summary>
public sealed class QuickStartFixture : RedisServerFixture
{
    public TestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var builder = new TestClusterBuilder(initialSilosCount: 1);
        builder.Properties["Test:RedisConnection"] = ConnectionString;
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
        public void Configure(ISiloBuilder silo) => silo.AddCartEventStore(silo.Configuration["Test:RedisConnection"]!);
    }
}
