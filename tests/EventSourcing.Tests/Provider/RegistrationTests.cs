using Microsoft.Extensions.DependencyInjection;
using Orleans.EventSourcing;
using Orleans.Providers;
using RedisEventSourcing.Hosting;
using RedisEventSourcing.Storage;
using StackExchange.Redis;

namespace EventSourcing.Tests.Provider;

public sealed class RegistrationTests
{
    [Fact]
    public async Task the_as_default_variant_serves_grains_without_a_provider_attribute()
    {
        var services = new ServiceCollection().AddLogging().AddOptions();
        services.AddRedisStreamsLogConsistencyProviderAsDefault(o => o.ConfigurationOptions = ConfigurationOptions.Parse("localhost"));
        await using var provider = services.BuildServiceProvider();

        var unnamed = provider.GetRequiredService<ILogViewAdaptorFactory>();
        var keyed = provider.GetRequiredKeyedService<ILogViewAdaptorFactory>(ProviderConstants.DEFAULT_LOG_CONSISTENCY_PROVIDER_NAME);

        Assert.IsType<RedisStreamsLogViewAdaptorFactory>(unnamed);
        Assert.Same(keyed, unnamed);
        Assert.False(unnamed.UsesStorageProvider);
    }

    [Fact]
    public async Task a_named_provider_is_keyed_by_its_name_and_does_not_claim_the_default()
    {
        var services = new ServiceCollection().AddLogging().AddOptions();
        services.AddRedisStreamsLogConsistencyProvider("events", o => o.ConfigurationOptions = ConfigurationOptions.Parse("localhost"));
        await using var provider = services.BuildServiceProvider();

        Assert.IsType<RedisStreamsLogViewAdaptorFactory>(provider.GetRequiredKeyedService<ILogViewAdaptorFactory>("events"));
        Assert.Null(provider.GetService<ILogViewAdaptorFactory>());
    }
}
