using Grains;
using RedisEventSourcing.Hosting;
using RedisEventSourcing.Options;
using StackExchange.Redis;

namespace Silo;

/// <summary>The silo registrations that the host, the tests and the benchmarks share, so they run the same store.</summary>
public static class SiloConfiguration
{
    /// <summary>Registers the Redis Streams event store under the provider name the user grain asks for.</summary>
    public static ISiloBuilder AddUserEventStore(this ISiloBuilder silo, string redisConnectionString, Action<RedisStreamsLogOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentException.ThrowIfNullOrWhiteSpace(redisConnectionString);
        return silo.AddRedisStreamsLogConsistencyProvider(UserGrainConstants.ProviderName, options =>
        {
            options.ConfigurationOptions = ConfigurationOptions.Parse(redisConnectionString);
            configure?.Invoke(options);
        });
    }
}
