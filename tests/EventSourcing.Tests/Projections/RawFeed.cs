using System.Globalization;
using System.Text;
using EventSourcing.Tests.Infrastructure;
using RedisEventSourcing.Projections;
using StackExchange.Redis;

namespace EventSourcing.Tests.Projections;

/// <summary>What a consumer should get, worked out with plain Redis commands: the feed read with XRANGE.</summary>
public static class RawFeed
{
    public static int PartitionOf(string id, int partitions = FeedClusterFixture.Partitions) =>
        (int)(RawLog.Crc32Ieee(Encoding.UTF8.GetBytes(id)) % (uint)partitions);

    /// <summary>
    /// The feed's entries whose <c>_stream</c> passes <paramref name="keep"/>, in feed order (a
    /// shared feed may hold malformed entries other tests wrote: those have no <c>_stream</c> to pass).
    /// </summary>
    public static async Task<List<FeedReference>> ReferencesAsync(IDatabase db, string keyPrefix, int partition, Func<string, bool> keep)
    {
        var entries = await RawLog.EntriesAsync(db, $"{keyPrefix}:{{p{partition:D2}}}:feed");
        return entries
            .Where(e => e.TryGetValue("_stream", out var stream) && keep(stream))
            .Select(e => new FeedReference(partition, e["@id"], e["_stream"], e["_id"], int.Parse(e["_version"], CultureInfo.InvariantCulture), e["type"]))
            .ToList();
    }

    /// <summary>An id of this test whose user lands in <paramref name="partition"/>.</summary>
    public static string IdInPartition(string test, int partition)
    {
        while (true)
        {
            var id = $"{test}-{Guid.NewGuid():N}";
            if (PartitionOf(id) == partition) return id;
        }
    }
}
