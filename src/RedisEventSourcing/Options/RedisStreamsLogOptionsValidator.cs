using Orleans;
using Orleans.Runtime;

namespace RedisEventSourcing.Options;

/// <summary>Fails silo start-up with a message naming the provider and the setting at fault.</summary>
internal sealed class RedisStreamsLogOptionsValidator(RedisStreamsLogOptions options, string name) : IConfigurationValidator
{
    public void ValidateConfiguration()
    {
        var where = $"Invalid configuration for the Redis Streams log-consistency provider '{name}': {nameof(RedisStreamsLogOptions)}";
        if (options.ConfigurationOptions is null && options.CreateMultiplexer == RedisStreamsLogOptions.DefaultCreateMultiplexer)
            throw new OrleansConfigurationException($"{where}.{nameof(options.ConfigurationOptions)} is required (or set {nameof(options.CreateMultiplexer)} to share a multiplexer).");
        if (KeyPrefixRule.Problem(options.KeyPrefix) is { } prefixProblem)
            throw new OrleansConfigurationException($"{where}.{nameof(options.KeyPrefix)} {prefixProblem}; it is '{options.KeyPrefix}'.");
        if (options.Partitions is < 1 or > 9999)
            throw new OrleansConfigurationException($"{where}.{nameof(options.Partitions)} must be between 1 and 9999; it is {options.Partitions}.");
        if (options.MaxEventBytes < 64)
            throw new OrleansConfigurationException($"{where}.{nameof(options.MaxEventBytes)} must be at least 64; it is {options.MaxEventBytes}.");
        if (options.MaxBatchEvents < 1)
            throw new OrleansConfigurationException($"{where}.{nameof(options.MaxBatchEvents)} must be at least 1; it is {options.MaxBatchEvents}.");
        if (options.ReadPageSize < 1)
            throw new OrleansConfigurationException($"{where}.{nameof(options.ReadPageSize)} must be at least 1; it is {options.ReadPageSize}.");
        if (options.OperationTimeout <= TimeSpan.Zero)
            throw new OrleansConfigurationException($"{where}.{nameof(options.OperationTimeout)} must be positive; it is {options.OperationTimeout}.");
        if (options.MaxConflictRetries < 0)
            throw new OrleansConfigurationException($"{where}.{nameof(options.MaxConflictRetries)} must not be negative; it is {options.MaxConflictRetries}.");
        if (options.AppendCallsInFlight < 0)
            throw new OrleansConfigurationException($"{where}.{nameof(options.AppendCallsInFlight)} must be 0 (adaptive) or a number of calls; it is {options.AppendCallsInFlight}.");
        if (options.MaxAppendCallsInFlight < 1)
            throw new OrleansConfigurationException($"{where}.{nameof(options.MaxAppendCallsInFlight)} must be at least 1; it is {options.MaxAppendCallsInFlight}.");
        if (options.ReplicaAcknowledgements < 0)
            throw new OrleansConfigurationException($"{where}.{nameof(options.ReplicaAcknowledgements)} must not be negative; it is {options.ReplicaAcknowledgements}.");
        if (options.ReplicaAcknowledgements > 0 && (options.ReplicaAcknowledgementTimeout <= TimeSpan.Zero || options.ReplicaAcknowledgementTimeout >= options.OperationTimeout))
            throw new OrleansConfigurationException($"{where}.{nameof(options.ReplicaAcknowledgementTimeout)} must be positive and below {nameof(options.OperationTimeout)} ({options.OperationTimeout}); it is {options.ReplicaAcknowledgementTimeout}.");
        if (options.SnapshotEvery < 0)
            throw new OrleansConfigurationException($"{where}.{nameof(options.SnapshotEvery)} must not be negative; it is {options.SnapshotEvery}.");
        if (options.FeedMaxLength < 0)
            throw new OrleansConfigurationException($"{where}.{nameof(options.FeedMaxLength)} must not be negative; it is {options.FeedMaxLength}.");
    }
}
