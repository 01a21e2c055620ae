using Orleans.Providers.Streams.Common;

namespace EventSourcing.Tests.Projections;

/// <summary>The feed cluster with two silos, for tests that take one away while partitions are read.</summary>
public sealed class TwoSiloFeedClusterFixture : FeedClusterFixture
{
    public TwoSiloFeedClusterFixture() : base(silos: 2) { }

    /// <summary>How many partition readers (pulling agents) each running silo has, in no particular order.</summary>
    public async Task<int[]> RunningReadersAsync()
    {
        var answers = await Grains.GetGrain<IManagementGrain>(0)
            .SendControlCommandToProvider<PersistentStreamProvider>(ProviderName, (int)PersistentStreamProviderCommand.GetNumberRunningAgents);
        return answers.Cast<int>().ToArray();
    }
}

[CollectionDefinition(Name)]
public sealed class TwoSiloFeedClusterCollection : ICollectionFixture<TwoSiloFeedClusterFixture>
{
    public const string Name = "feeds-two-silos";
}
