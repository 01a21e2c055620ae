using System.Globalization;
using RedisEventSourcing.Projections.Streaming;
using StackExchange.Redis;

namespace RedisEventSourcing.Projections.Running;

/// <summary>
/// Reads a partition feed directly (<c>XRANGE</c>), for catching up from a checkpoint and for
/// rebuilds; live delivery comes through the stream provider. Entries are parsed as the stream
/// provider parses them (<see cref="FeedEntryParser"/>): a malformed one comes back as
/// <see cref="FeedMarkers.Malformed"/>, so the caller dead-letters it and goes on.
/// </summary>
public sealed class FeedReader(IConnectionMultiplexer redis, string keyPrefix)
{
    public string FeedKey(int partition) => $"{keyPrefix}:{{p{partition.ToString("D2", CultureInfo.InvariantCulture)}}}:feed";

    /// <summary>
    /// Up to <paramref name="count"/> entries after <paramref name="afterId"/> (null = from the start),
    /// up to and including <paramref name="untilInclusive"/> (null = to the end).
    /// </summary>
    public async Task<IReadOnlyList<FeedReference>> ReadAfterAsync(int partition, string? afterId, int count, string? untilInclusive = null)
    {
        var entries = await redis.GetDatabase().StreamRangeAsync(FeedKey(partition), afterId is null ? "-" : "(" + afterId, untilInclusive ?? "+", count);
        return entries.Select(e => FeedEntryParser.Parse(partition, e, out _)).ToList();
    }

    /// <summary>The id of the partition feed's newest entry; null while it is empty.</summary>
    public async Task<string?> LastIdAsync(int partition)
    {
        var last = await redis.GetDatabase().StreamRangeAsync(FeedKey(partition), "-", "+", 1, Order.Descending);
        return last.Length == 0 ? null : last[0].Id.ToString();
    }
}
