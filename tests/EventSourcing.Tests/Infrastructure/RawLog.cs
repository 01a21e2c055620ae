using System.Text;
using StackExchange.Redis;

namespace EventSourcing.Tests.Infrastructure;

/// <summary>
/// Reads the log the way a non-.NET client would: key from the documented layout (with an
/// independent CRC-32), entries with plain XRANGE.
/// </summary>
public static class RawLog
{
    public static string UserStreamKey(string id, string prefix = "es", int partitions = 16) =>
        $"{prefix}:{{p{Crc32Ieee(Encoding.UTF8.GetBytes(id)) % (uint)partitions:D2}}}:user:{id}";

    public static string FeedKey(string id, string prefix = "es", int partitions = 16) =>
        $"{prefix}:{{p{Crc32Ieee(Encoding.UTF8.GetBytes(id)) % (uint)partitions:D2}}}:feed";

    public static async Task<List<Dictionary<string, string>>> EntriesAsync(IDatabase db, string key)
    {
        var entries = await db.StreamRangeAsync(key);
        return entries.Select(e =>
        {
            var d = e.Values.ToDictionary(v => v.Name.ToString(), v => v.Value.ToString());
            d["@id"] = e.Id.ToString();
            return d;
        }).ToList();
    }

    /// <summary>Bitwise IEEE CRC-32 (reflected, polynomial 0xEDB88320), as zlib and Go's hash/crc32 compute it.</summary>
    public static uint Crc32Ieee(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var i = 0; i < 8; i++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        return ~crc;
    }
}
