using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Streams;
using RedisEventSourcing.Projections.Options;
using RedisEventSourcing.Projections.Streaming;

namespace RedisEventSourcing.Projections.Hosting;

public interface ISiloRedisFeedStreamConfigurator : ISiloPersistentStreamConfigurator { }

public static class SiloRedisFeedStreamConfiguratorExtensions
{
    public static void ConfigureFeed(this ISiloRedisFeedStreamConfigurator configurator, Action<OptionsBuilder<RedisFeedStreamOptions>> configureOptions) =>
        configurator.Configure(configureOptions);

    /// <summary>Where each partition's reader starts; the default is the first entry of every feed.</summary>
    public static void UseStartPosition(this ISiloRedisFeedStreamConfigurator configurator, Func<IServiceProvider, string, IFeedStartPosition> factory) =>
        configurator.ConfigureComponent(factory);
}

/// <summary>
/// Orleans' persistent stream provider over the partition feeds, with this provider's defaults:
/// implicit subscriptions only (no PubSubStore needed), the consistent-ring queue balancer (one
/// silo per partition), and a pulling agent that turns every 10 ms, so with the blocking read an
/// entry reaches its consumer within milliseconds. Each can be changed after, through the
/// configurator: Orleans applies option configurations in order.
/// </summary>
public sealed class SiloRedisFeedStreamConfigurator : SiloPersistentStreamConfigurator, ISiloRedisFeedStreamConfigurator
{
    public static readonly TimeSpan DefaultPullingPeriod = TimeSpan.FromMilliseconds(10);

    public SiloRedisFeedStreamConfigurator(string name, Action<Action<IServiceCollection>> configureServicesDelegate)
        : base(name, configureServicesDelegate, RedisFeedAdapterFactory.Create)
    {
        ConfigureDelegate(services => services
            .ConfigureNamedOptionForLogging<RedisFeedStreamOptions>(name)
            .ConfigureNamedOptionForLogging<SimpleQueueCacheOptions>(name)
            .AddTransient<IConfigurationValidator>(sp => new RedisFeedStreamOptionsValidator(sp.GetOptionsByName<RedisFeedStreamOptions>(name), name))
            .AddTransient(sp => SimpleQueueCacheOptionsValidator.Create(sp, name)));
        this.ConfigureStreamPubSub(StreamPubSubType.ImplicitOnly);
        this.UseConsistentRingQueueBalancer();
        // Up to 100 feed entries per delivery call: under load one call carries a backlog instead of
        // one grain call per entry (the consumer's pump reads the feed itself anyway).
        this.ConfigurePullingAgent(options => options.Configure(agent =>
        {
            agent.GetQueueMsgsTimerPeriod = DefaultPullingPeriod;
            agent.BatchContainerBatchSize = 100;
        }));
    }
}
