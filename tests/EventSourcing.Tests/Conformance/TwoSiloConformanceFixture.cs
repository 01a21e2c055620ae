using Orleans.TestingHost;

namespace EventSourcing.Tests.Conformance;

/// <summary>
/// The conformance cluster with two silos, for tests that take a grain's silo away. LogStorage runs
/// over Redis grain storage here, because memory grain storage would go down with the silo.
/// </summary>
public sealed class TwoSiloConformanceFixture : ConformanceFixture
{
    public TwoSiloConformanceFixture() : base(silos: 2, durableGrainStorage: true) { }

    public IManagementGrain Management => Grains.GetGrain<IManagementGrain>(0);

    /// <summary>
    /// Activates new grains until one lives on a secondary silo (the primary holds the test
    /// membership table, so it must stay); a silo started moments ago may take a while to get any.
    /// </summary>
    public async Task<(T Grain, SiloHandle Silo)> OnASecondarySiloAsync<T>(Func<T> newGrain, Func<T, Task> activate)
        where T : IAddressable
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var grain = newGrain();
            await activate(grain);
            var address = await Management.GetActivationAddress(grain);
            var silo = Cluster.SecondarySilos.FirstOrDefault(s => s.SiloAddress.Equals(address));
            if (silo is not null) return (grain, silo);
        }
        throw new TimeoutException("No new grain was placed on a secondary silo within 30 s.");
    }

    /// <summary>Takes the grain away from where it runs: its activation, or its whole silo.</summary>
    public Task LoseAsync(SiloHandle silo, GrainLoss loss) => loss switch
    {
        GrainLoss.Deactivation => Management.ForceActivationCollection(TimeSpan.Zero),
        GrainLoss.GracefulStop => Cluster.StopSiloAsync(silo),
        GrainLoss.Kill => Cluster.KillSiloAsync(silo),
        _ => throw new ArgumentOutOfRangeException(nameof(loss)),
    };

    /// <summary>Starts silos until there are two again.</summary>
    public async Task RestoreAsync()
    {
        while (Cluster.SecondarySilos.Count < 1) await Cluster.StartAdditionalSiloAsync();
    }
}

public enum GrainLoss
{
    Deactivation,
    GracefulStop,
    Kill,
}

[CollectionDefinition(Name)]
public sealed class TwoSiloConformanceCollection : ICollectionFixture<TwoSiloConformanceFixture>
{
    public const string Name = "conformance-two-silos";
}
