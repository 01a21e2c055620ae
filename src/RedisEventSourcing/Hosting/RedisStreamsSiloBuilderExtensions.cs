using Microsoft.Extensions.Options;
using Orleans.Hosting;
using Orleans.Providers;
using RedisEventSourcing.Options;

namespace RedisEventSourcing.Hosting;

/// <summary>Registers the Redis Streams log-consistency provider on a silo; grains choose it with <c>[LogConsistencyProvider(ProviderName = name)]</c>.</summary>
public static class RedisStreamsSiloBuilderExtensions
{
    public static ISiloBuilder AddRedisStreamsLogConsistencyProviderAsDefault(this ISiloBuilder builder, Action<RedisStreamsLogOptions> configureOptions) =>
        builder.AddRedisStreamsLogConsistencyProvider(ProviderConstants.DEFAULT_LOG_CONSISTENCY_PROVIDER_NAME, configureOptions);

    public static ISiloBuilder AddRedisStreamsLogConsistencyProvider(this ISiloBuilder builder, string name, Action<RedisStreamsLogOptions> configureOptions) =>
        builder.ConfigureServices(services => services.AddRedisStreamsLogConsistencyProvider(name, configureOptions));

    public static ISiloBuilder AddRedisStreamsLogConsistencyProviderAsDefault(this ISiloBuilder builder, Action<OptionsBuilder<RedisStreamsLogOptions>>? configureOptions = null) =>
        builder.AddRedisStreamsLogConsistencyProvider(ProviderConstants.DEFAULT_LOG_CONSISTENCY_PROVIDER_NAME, configureOptions);

    public static ISiloBuilder AddRedisStreamsLogConsistencyProvider(this ISiloBuilder builder, string name, Action<OptionsBuilder<RedisStreamsLogOptions>>? configureOptions) =>
        builder.ConfigureServices(services => services.AddRedisStreamsLogConsistencyProvider(name, configureOptions));
}
