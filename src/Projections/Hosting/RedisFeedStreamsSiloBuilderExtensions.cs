using Orleans.Hosting;
using RedisEventSourcing.Projections.Options;

namespace RedisEventSourcing.Projections.Hosting;

/// <summary>
/// Registers the partition feeds as an Orleans persistent stream provider: consumers are grains
/// with <c>[ImplicitStreamSubscription(FeedStream.Namespace)]</c>, keyed by partition (<c>"07"</c>).
/// </summary>
public static class RedisFeedStreamsSiloBuilderExtensions
{
    public static ISiloBuilder AddRedisFeedStreams(
        this ISiloBuilder builder, string name, Action<RedisFeedStreamOptions> configureOptions, Action<ISiloRedisFeedStreamConfigurator>? configureStream = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configureOptions);
        var configurator = new SiloRedisFeedStreamConfigurator(name, configureServices => builder.ConfigureServices(configureServices));
        configurator.ConfigureFeed(options => options.Configure(configureOptions));
        configureStream?.Invoke(configurator);
        return builder;
    }
}
