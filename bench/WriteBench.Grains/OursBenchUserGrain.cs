using Grains;
using Orleans.Providers;
using RedisEventSourcing.Serialization;

namespace WriteBench.Grains;

/// <summary>
/// The bench copy of the user logic over our provider, with the stream category and key layout of
/// the real UserGrain: the providers' floors compare one grain's logic over three providers.
/// </summary>
[LogConsistencyProvider(ProviderName = UserGrainConstants.ProviderName)]
[EventStreamCategory("user")]
public sealed class OursBenchUserGrain : BenchUserGrain, IOursBenchUserGrain;
