using Orleans.Providers;

namespace WriteBench.Grains;

[LogConsistencyProvider(ProviderName = BenchProviders.LogStorage)]
[StorageProvider(ProviderName = BenchProviders.RedisGrainStorage)]
public sealed class LogStorageUserGrain : BenchUserGrain, ILogStorageUserGrain;
