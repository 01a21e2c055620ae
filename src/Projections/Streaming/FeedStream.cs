using System.Globalization;
using Orleans.Runtime;

namespace RedisEventSourcing.Projections.Streaming;

/// <summary>
/// Orleans stream ids of the partition feeds: namespace <see cref="Namespace"/>, key the partition
/// number with at least two digits (<c>"07"</c>, as in the key tag <c>{p07}</c>). One stream per
/// partition, so every reference of a user arrives on one stream, in feed order.
/// </summary>
public static class FeedStream
{
    /// <summary>The stream namespace; consumers subscribe with <c>[ImplicitStreamSubscription(FeedStream.Namespace)]</c>.</summary>
    public const string Namespace = "es-feed";

    public static string KeyOf(int partition) => partition.ToString("D2", CultureInfo.InvariantCulture);

    public static StreamId IdOf(int partition) => StreamId.Create(Namespace, KeyOf(partition));

    /// <summary>The partition a feed stream id names, or false for a stream that is not a feed.</summary>
    public static bool TryGetPartition(StreamId streamId, out int partition)
    {
        partition = -1;
        if (streamId.GetNamespace() != Namespace) return false;
        var key = streamId.GetKeyAsString();
        return key.Length >= 2 && key.All(char.IsAsciiDigit)
            && int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out partition)
            && KeyOf(partition) == key;
    }
}
