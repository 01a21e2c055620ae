using System.Globalization;
using System.IO.Hashing;
using System.Text;

namespace WriteBench.Workloads;

/// <summary>The key layout of docs/DESIGN section 3 (prefix es, 16 partitions, category user), for loading histories.</summary>
public static class StreamKeys
{
    public const int Partitions = 16;

    public static int PartitionOf(string id) => (int)(Crc32.HashToUInt32(Encoding.UTF8.GetBytes(id)) % Partitions);

    public static string Stream(string id) => $"es:{{p{PartitionOf(id).ToString("D2", CultureInfo.InvariantCulture)}}}:user:{id}";

    public static string FeedOf(string id) => $"es:{{p{PartitionOf(id).ToString("D2", CultureInfo.InvariantCulture)}}}:feed";
}
