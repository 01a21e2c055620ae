using RedisEventSourcing.Options;
using Orleans;
using Orleans.Runtime;

namespace RedisEventSourcing.Projections.Options;

/// <summary>Fails silo start-up with a message naming the provider and the setting at fault.</summary>
internal sealed class RedisFeedStreamOptionsValidator(RedisFeedStreamOptions options, string name) : IConfigurationValidator
{
    public void ValidateConfiguration()
    {
        var where = $"Invalid configuration for the Redis feed stream provider '{name}': {nameof(RedisFeedStreamOptions)}";
        if (options.ConfigurationOptions is null && options.CreateMultiplexer == RedisFeedStreamOptions.DefaultCreateMultiplexer)
            throw new OrleansConfigurationException($"{where}.{nameof(options.ConfigurationOptions)} is required (or set {nameof(options.CreateMultiplexer)}).");
        if (KeyPrefixRule.Problem(options.KeyPrefix) is { } prefixProblem)
            throw new OrleansConfigurationException($"{where}.{nameof(options.KeyPrefix)} {prefixProblem}; it is '{options.KeyPrefix}'.");
        if (options.Partitions is < 1 or > 9999)
            throw new OrleansConfigurationException($"{where}.{nameof(options.Partitions)} must be between 1 and 9999; it is {options.Partitions}.");
        if (options.ReadBatchSize < 1)
            throw new OrleansConfigurationException($"{where}.{nameof(options.ReadBatchSize)} must be at least 1; it is {options.ReadBatchSize}.");
        // Zero would mean "block forever" to Redis: the pulling agent could then never stop.
        if (options.BlockTime < TimeSpan.FromMilliseconds(1) || options.BlockTime > TimeSpan.FromSeconds(10))
            throw new OrleansConfigurationException($"{where}.{nameof(options.BlockTime)} must be between 1 ms and 10 s; it is {options.BlockTime}.");
    }
}
