using System.Globalization;
using EventSourcing.Tests.Infrastructure;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.TestingHost;
using RedisEventSourcing.Projections.Hosting;
using Silo;
using StackExchange.Redis;

namespace EventSourcing.Tests.Projections;

/// <summary>
/// A TestCluster with the event store registered as src/Silo registers it
/// (<see cref="SiloConfiguration.AddUserEventStore"/>) and the feed stream provider beside it, under
/// a key prefix of its own. Before the silos start, partition <see cref="SeededPartition"/> gets
/// four feed entries and a start position after the second, so the start-position tests see a
/// reader that was told where to begin.
/// </summary>
public class FeedClusterFixture : RedisServerFixture
{
    public const string ProviderName = "feeds";
    public const int Partitions = 16;
    public const int SeededPartition = 5;
    public const int UnpositionedSeededPartition = 6;

    private readonly short silos;

    public FeedClusterFixture() : this(silos: 1) { }

    protected FeedClusterFixture(short silos) => this.silos = silos;

    public TestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public string KeyPrefix { get; } = "feed-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>Feed entry ids written to <see cref="SeededPartition"/> before start; the reader starts after the second.</summary>
    public IReadOnlyList<string> Seeded { get; private set; } = [];

    /// <summary>Feed entry ids written to <see cref="UnpositionedSeededPartition"/> before start, with no start position.</summary>
    public IReadOnlyList<string> SeededUnpositioned { get; private set; } = [];

    /// <summary>What this cluster's feed consumers received, in delivery order.</summary>
    public IReadOnlyList<ReceivedReference> Received(Func<RedisEventSourcing.Projections.FeedReference, bool> predicate) =>
        FeedRecorder.Where(Cluster.Options.ClusterId, predicate);

    public string FeedKey(int partition) => $"{KeyPrefix}:{{p{partition:D2}}}:feed";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Seeded = await SeedAsync(SeededPartition, 4);
        SeededUnpositioned = await SeedAsync(UnpositionedSeededPartition, 2);
        await Db.HashSetAsync(RedisHashStartPosition.KeyFor(KeyPrefix), SeededPartition, Seeded[1]);

        var builder = new TestClusterBuilder(silos);
        builder.Properties["Test:RedisConnection"] = ConnectionString;
        builder.Properties["Test:KeyPrefix"] = KeyPrefix;
        builder.Properties["Test:FastFailureDetection"] = (silos > 1).ToString(CultureInfo.InvariantCulture);
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    /// <summary>Entries shaped as the append script writes them, referencing streams no grain has.</summary>
    private async Task<IReadOnlyList<string>> SeedAsync(int partition, int count)
    {
        var ids = new List<string>();
        for (var i = 1; i <= count; i++)
            ids.Add((await Db.StreamAddAsync(FeedKey(partition), [
                new("_stream", $"{KeyPrefix}:{{p{partition:D2}}}:seed:s{i}"), new("_id", $"{i}-0"), new("_version", "1"), new("type", "Seeded")]))!);
        return ids;
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
            silo.AddRedisFeedStreams(ProviderName, options =>
            {
                options.ConfigurationOptions = ConfigurationOptions.Parse(connection);
                options.KeyPrefix = keyPrefix;
                options.Partitions = Partitions;
            }, stream => stream.UseStartPosition((_, _) => new RedisHashStartPosition(connection, keyPrefix)));
            // With several silos, a stopped or killed one leaves the ring within seconds.
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
public sealed class FeedClusterCollection : ICollectionFixture<FeedClusterFixture>
{
    public const string Name = "feeds";
}
