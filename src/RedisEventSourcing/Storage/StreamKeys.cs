using System.Globalization;
using System.IO.Hashing;
using System.Text;

namespace RedisEventSourcing.Storage;

/// <summary>
/// The key layout of design section 3: <c>{prefix}:{pNN}:&lt;category&gt;:&lt;id&gt;</c>, where
/// <c>NN = crc32(utf8(id)) mod P</c> (IEEE CRC-32, as zlib and Go compute it).
/// </summary>
public sealed class StreamKeys(string prefix, int partitions)
{
    public string Prefix { get; } = prefix;

    public int Partitions { get; } = partitions;

    public string MetaKey => $"{Prefix}:meta";

    public int PartitionOf(string id) => (int)(Crc32.HashToUInt32(Encoding.UTF8.GetBytes(id)) % (uint)Partitions);

    public static string PartitionTag(int partition) => "p" + partition.ToString("D2", CultureInfo.InvariantCulture);

    public string Stream(string category, string id) => $"{Prefix}:{{{PartitionTag(PartitionOf(id))}}}:{category}:{id}";

    public string Snapshot(string category, string id) => $"{Prefix}:{{{PartitionTag(PartitionOf(id))}}}:snap:{category}:{id}";

    public string Feed(int partition) => $"{Prefix}:{{{PartitionTag(partition)}}}:feed";

    public string FeedOf(string id) => Feed(PartitionOf(id));
}
