using System.Globalization;
using RedisEventSourcing.Storage;
using StackExchange.Redis;

namespace EventSourcing.Tests.RedisCluster;

/// <summary>Ids spread over every partition, and the log read back with plain Redis commands.</summary>
internal static class ClusterUsers
{
    /// <summary><paramref name="perPartition"/> new ids in each partition, so a test touches every slot it owns.</summary>
    public static List<string> InEveryPartition(StreamKeys keys, string test, int perPartition)
    {
        var found = new Dictionary<int, List<string>>();
        for (var n = 0; found.Values.Sum(l => l.Count) < keys.Partitions * perPartition; n++)
        {
            var id = $"{test}-{Guid.NewGuid():N}";
            var list = found.TryGetValue(keys.PartitionOf(id), out var l) ? l : found[keys.PartitionOf(id)] = [];
            if (list.Count < perPartition) list.Add(id);
        }
        return found.OrderBy(kv => kv.Key).SelectMany(kv => kv.Value).ToList();
    }

    /// <summary>The user's entries as (version, type, name) with XRANGE, oldest first.</summary>
    public static async Task<List<(int Version, string Type, string? Name)>> RawLogAsync(IDatabase db, StreamKeys keys, string id)
    {
        var entries = await db.StreamRangeAsync(keys.Stream("user", id));
        return entries.Select(e => (
            int.Parse(e["_version"].ToString(), CultureInfo.InvariantCulture),
            e["type"].ToString(),
            e["name"].IsNull ? null : e["name"].ToString())).ToList();
    }

    /// <summary>The name the plain-format fold of the log gives (UserCreated / NameChanged carry it).</summary>
    public static string? FoldName(IEnumerable<(int Version, string Type, string? Name)> log) =>
        log.Where(e => e.Type is "UserCreated" or "NameChanged").Select(e => e.Name).LastOrDefault();
}
