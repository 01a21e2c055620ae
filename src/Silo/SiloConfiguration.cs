using Grains;
using Grains.Interfaces;
using Grains.Users;
using Grains.Watch;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using ReadModels.Hosting;
using RedisEventSourcing.Hosting;
using RedisEventSourcing.Projections.Hosting;
using RedisEventSourcing.Options;
using StackExchange.Redis;
using Users.Http.Hosting;

namespace Silo;

/// <summary>The silo registrations that the host, the tests and the benchmarks share, so they run the same store.</summary>
public static class SiloConfiguration
{
    /// <summary>Registers the Redis Streams event store under the provider name the user grain asks for.</summary>
    public static ISiloBuilder AddUserEventStore(this ISiloBuilder silo, string redisConnectionString, Action<RedisStreamsLogOptions>? configure = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(redisConnectionString);
        return silo.AddUserEventStore(new RedisConnectionSettings(redisConnectionString), configure);
    }

    /// <inheritdoc cref="AddUserEventStore(ISiloBuilder, string, Action{RedisStreamsLogOptions}?)"/>
    public static ISiloBuilder AddUserEventStore(this ISiloBuilder silo, RedisConnectionSettings redis, Action<RedisStreamsLogOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(redis);
        return silo.AddRedisStreamsLogConsistencyProvider(UserGrainConstants.ProviderName, options =>
        {
            options.ConfigurationOptions = redis.ToConfigurationOptions();
            configure?.Invoke(options);
        });
    }

    /// <summary>
    /// Registers the read side: the users read models (which ones is configuration) as projections
    /// of the partition feeds, read through the feed stream provider, and the query grain's models.
    /// <paramref name="keyPrefix"/> and <paramref name="partitions"/> are the event store's.
    /// </summary>
    public static ISiloBuilder AddUserReadSide(this ISiloBuilder silo, string redisConnectionString, UserReadModelsOptions readModels,
        string keyPrefix = "es", int partitions = 16) =>
        silo.AddUserReadSide(new RedisConnectionSettings(redisConnectionString), readModels, keyPrefix, partitions);

    /// <inheritdoc cref="AddUserReadSide(ISiloBuilder, string, UserReadModelsOptions, string, int)"/>
    public static ISiloBuilder AddUserReadSide(this ISiloBuilder silo, RedisConnectionSettings redis, UserReadModelsOptions readModels,
        string keyPrefix = "es", int partitions = 16)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(redis);
        if (readModels.RedisConnectionString is null && readModels.RedisConfiguration is null)
            readModels.RedisConfiguration = redis.ToConfigurationOptions();
        silo.Services.AddUserReadModels(readModels);
        return silo.AddProjections(redis.ConnectionString, options =>
        {
            options.ConfigurationOptions = redis.ToConfigurationOptions();
            options.KeyPrefix = keyPrefix;
            options.Partitions = partitions;
            options.EventTypes["user"] = typeof(UserEvent);
        });
    }

    /// <summary>
    /// Registers what <c>users watch</c> needs: the stream provider watches are published on (the
    /// client registers the same one), and the store of its explicit subscriptions. Both are in
    /// memory: a watch lives as long as its client renews it, and a client that loses its silo
    /// starts the watch again from the version it has seen.
    /// </summary>
    public static ISiloBuilder AddUserWatch(this ISiloBuilder silo, Action<UserWatchOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.Services.AddOptions<UserWatchOptions>().Configure(o => configure?.Invoke(o));
        silo.AddMemoryGrainStorage("PubSubStore");
        return silo.AddMemoryStreams(UserWatchStreams.ProviderName);
    }

    /// <summary>
    /// Serves the users HTTP API from this silo on <paramref name="url"/> (port 0: a free one; the
    /// <see cref="UsersApiServer"/> service then tells which) while the silo is active.
    /// </summary>
    public static ISiloBuilder AddUsersHttpApi(this ISiloBuilder silo, string url = UsersApiOptions.DefaultUrl)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentException.ThrowIfNullOrWhiteSpace(url);
        silo.Services.AddSingleton<UsersApiServer>();
        silo.Services.AddSingleton<Orleans.ILifecycleParticipant<Orleans.Runtime.ISiloLifecycle>>(sp => new HttpApiLifecycle(sp.GetRequiredService<UsersApiServer>(), url));
        return silo;
    }
}
