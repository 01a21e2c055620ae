using System.Globalization;
using StackExchange.Redis;

namespace RedisEventSourcing.Projections.Running;

/// <summary>
/// Reads a partition feed directly (<c>XRANGE</c>), for catching up from a checkpoint and for
/// rebuilds; live delivery comes through the stream provider. An entry without the four reference
/// fields is returned as type <see cref="Malformed"/>, so the caller dead-letters it and goes on.
/// </summary>
public sealed class FeedReader(IConnectionMultiplexer redis, string keyPrefix)
{
    public const string Malformed = "_malformed";

    public string FeedKey(int partition) => $"{keyPrefix}:{{p{partition.ToString("D2", CultureInfo.InvariantCulture)}}}:feed";

    /// <summary>Up to <paramref name="count"/> entries after <paramref name="afterId"/> (null = from the start).</summary>
    public async Task<IReadOnlyList<FeedReference>> ReadAfterAsync(int partition, string? afterId, int count)
    {
        var entries = await redis.GetDatabase().StreamRangeAsync(FeedKey(partition), afterId is null ? "-" : "(" + afterId, "+", count);
        return entries.Select(e => Parse(partition, e)).ToList();
    }

    public static FeedReference Parse(int partition, StreamEntry entry)
    {
        string? stream = null, id = null, type = null;
        int? version = null;
        foreach (var f in entry.Values)
        {
            switch ((string?)f.Name)
            {
                case "_stream": stream = f.Value; break;
                case "_id": id = f.Value; break;
                case "type": type = f.Value; break;
                case "_version": version = f.Value.TryParse(out int v) ? v : null; break;
            }
        }
        return stream is null || id is null || type is null || version is null
            ? new FeedReference(partition, entry.Id.ToString(), stream ?? "", id ?? "", version ?? 0, Malformed)
            : new FeedReference(partition, entry.Id.ToString(), stream, id, version.Value, type);
    }
}
