using Orleans.Providers;

namespace WriteBench.Grains;

[LogConsistencyProvider(ProviderName = BenchProviders.StateStorage)]
[StorageProvider(ProviderName = BenchProviders.RedisGrainStorage)]
public sealed class StateStorageUserGrain : BenchUserGrain, IStateStorageUserGrain;
