// <snippet:registration>
using Orleans.Hosting;                   // ISiloBuilder
using RedisEventSourcing.Hosting;        // AddRedisStreamsLogConsistencyProvider(AsDefault)
using StackExchange.Redis;               // ConfigurationOptions

namespace QuickStart;

public static class CartSilo
{
    /// <summary>Every JournaledGrain without [LogConsistencyProvider] keeps its events in Redis streams.</summary>
    public static ISiloBuilder AddCartEventStore(this ISiloBuilder silo, string redisConnectionString) =>
        silo.AddRedisStreamsLogConsistencyProviderAsDefault(options =>
        {
            options.ConfigurationOptions = ConfigurationOptions.Parse(redisConnectionString);
            // or share the app's multiplexer; the provider never disposes a shared one:
            // options.CreateMultiplexer = _ => Task.FromResult<(IConnectionMultiplexer, bool)>((mux, true));
        });
}
// </snippet:registration>
