using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.EventSourcing;
using Orleans.Providers;
using Orleans.Runtime;
using Orleans.Serialization;
using RedisEventSourcing.Options;
using RedisEventSourcing.Storage;

namespace RedisEventSourcing.Hosting;

public static class RedisStreamsServiceCollectionExtensions
{
    public static IServiceCollection AddRedisStreamsLogConsistencyProviderAsDefault(this IServiceCollection services, Action<RedisStreamsLogOptions> configureOptions) =>
        services.AddRedisStreamsLogConsistencyProvider(ProviderConstants.DEFAULT_LOG_CONSISTENCY_PROVIDER_NAME, ob => ob.Configure(configureOptions));

    public static IServiceCollection AddRedisStreamsLogConsistencyProvider(this IServiceCollection services, string name, Action<RedisStreamsLogOptions> configureOptions) =>
        services.AddRedisStreamsLogConsistencyProvider(name, ob => ob.Configure(configureOptions));

    public static IServiceCollection AddRedisStreamsLogConsistencyProviderAsDefault(this IServiceCollection services, Action<OptionsBuilder<RedisStreamsLogOptions>>? configureOptions = null) =>
        services.AddRedisStreamsLogConsistencyProvider(ProviderConstants.DEFAULT_LOG_CONSISTENCY_PROVIDER_NAME, configureOptions);

    public static IServiceCollection AddRedisStreamsLogConsistencyProvider(this IServiceCollection services, string name, Action<OptionsBuilder<RedisStreamsLogOptions>>? configureOptions = null)
    {
        configureOptions?.Invoke(services.AddOptions<RedisStreamsLogOptions>(name));
        services.AddTransient<IConfigurationValidator>(sp =>
            new RedisStreamsLogOptionsValidator(sp.GetRequiredService<IOptionsMonitor<RedisStreamsLogOptions>>().Get(name), name));
        services.ConfigureNamedOptionForLogging<RedisStreamsLogOptions>(name);
        services.AddKeyedSingleton(name, (sp, _) => new RedisStreamsConnection(name,
            sp.GetRequiredService<IOptionsMonitor<RedisStreamsLogOptions>>().Get(name),
            sp.GetRequiredService<ILogger<RedisStreamsConnection>>()));
        services.AddKeyedSingleton<ILogViewAdaptorFactory>(name, (sp, _) => new RedisStreamsLogViewAdaptorFactory(
            sp.GetRequiredKeyedService<RedisStreamsConnection>(name), sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => new RedisStreamsStartup(sp.GetRequiredKeyedService<RedisStreamsConnection>(name)));
        if (name == ProviderConstants.DEFAULT_LOG_CONSISTENCY_PROVIDER_NAME)
            services.TryAddSingleton(sp => sp.GetRequiredKeyedService<ILogViewAdaptorFactory>(name));
        services.TryAddSingleton<Factory<IGrainContext, ILogConsistencyProtocolServices>>(sp =>
        {
            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("RedisEventSourcing.Protocol");
            var copier = sp.GetRequiredService<DeepCopier>();
            var clusterId = sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ClusterId;
            return context => new RedisStreamsProtocolServices(context, logger, copier, clusterId);
        });
        return services;
    }
}
