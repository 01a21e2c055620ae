using Microsoft.Extensions.DependencyInjection;
using RedisEventSourcing.Projections.Copies;
using RedisEventSourcing.Projections.Options;
using RedisEventSourcing.Projections.Running;
using RedisEventSourcing.Projections.Streaming;
using StackExchange.Redis;

namespace RedisEventSourcing.Projections.Hosting;

/// <summary>
/// Runs the registered <see cref="IProjection"/>s over the partition feeds: the feed stream
/// provider delivers, <see cref="FeedProjectionGrain"/> applies, and each partition's reader starts
/// at the oldest projection checkpoint.
/// </summary>
public static class ProjectionsSiloBuilderExtensions
{
    public static ISiloBuilder AddProjections(this ISiloBuilder silo, string redisConnectionString, Action<ProjectionHostOptions>? configure = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(redisConnectionString);
        var host = new ProjectionHostOptions { ConfigurationOptions = ConfigurationOptions.Parse(redisConnectionString) };
        configure?.Invoke(host);
        silo.Services.AddOptions<ProjectionHostOptions>().Configure(o =>
        {
            o.StreamProviderName = host.StreamProviderName;
            o.KeyPrefix = host.KeyPrefix;
            o.Partitions = host.Partitions;
            o.ConfigurationOptions = host.ConfigurationOptions;
            o.CatchUpPageSize = host.CatchUpPageSize;
            o.RebuildPageSize = host.RebuildPageSize;
            o.RebuildParallelism = host.RebuildParallelism;
            foreach (var (category, type) in host.EventTypes) o.EventTypes[category] = type;
        });
        silo.Services.AddSingleton<ProjectionConnection>();
        silo.Services.AddSingleton<ProjectionCopies>();
        silo.Services.AddSingleton<Operations.ProjectionLagProbe>();
        return silo.AddRedisFeedStreams(host.StreamProviderName,
            feed =>
            {
                feed.ConfigurationOptions = host.ConfigurationOptions;
                feed.KeyPrefix = host.KeyPrefix;
                feed.Partitions = host.Partitions;
            },
            stream => stream.UseStartPosition((sp, _) => new ProjectionStartPosition(sp.GetRequiredService<ProjectionCopies>())));
    }
}
