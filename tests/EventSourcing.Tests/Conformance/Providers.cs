using Grains;

namespace EventSourcing.Tests.Conformance;

/// <summary>
/// The log-consistency providers every conformance test runs against: ours, and Orleans' own
/// LogStorage provider as the reference. Each ported grain has one variant per provider, a small
/// subclass named <c>{Grain}On{Provider}</c> carrying that provider's <c>[LogConsistencyProvider]</c>.
/// </summary>
public static class Providers
{
    public const string RedisStreams = UserGrainConstants.ProviderName;

    public const string LogStorage = "LogStorage";

    public static TheoryData<string> All => new() { RedisStreams, LogStorage };

    /// <summary>The class-name prefix that picks <typeparamref name="TGrain"/>'s variant for <paramref name="provider"/>.</summary>
    public static string GrainClass<TGrain>(string provider) => typeof(TGrain).FullName + "On" + provider;
}
