using System.Globalization;
using Orleans.Runtime;
using RedisEventSourcing.Projections.Options;
using StackExchange.Redis;

namespace RedisEventSourcing.Projections.Streaming;

/// <summary>
/// The partition count is the event store's, recorded in <c>{prefix}:meta</c>: a reader with
/// another count would read feeds nobody writes and miss the ones written.
/// </summary>
internal static class FeedPartitionCount
{
    public static async Task CheckAsync(string providerName, RedisFeedStreamOptions options)
    {
        await using var connection = await FeedConnection.OpenAsync(options);
        var metaKey = $"{options.KeyPrefix}:meta";
        var wanted = options.Partitions.ToString(CultureInfo.InvariantCulture);
        // Recorded here too if the read side starts first, so an event store with another count refuses to start.
        await connection.Database.HashSetAsync(metaKey, "partitions", wanted, When.NotExists);
        var recorded = (string?)await connection.Database.HashGetAsync(metaKey, "partitions");
        if (recorded != wanted)
            throw new OrleansConfigurationException(
                $"Feed stream provider '{providerName}' is configured with {options.Partitions} partitions but '{metaKey}' records {recorded}. "
                + $"Set {nameof(RedisFeedStreamOptions)}.{nameof(RedisFeedStreamOptions.Partitions)} to {recorded}, as the event store has it.");
    }
}
