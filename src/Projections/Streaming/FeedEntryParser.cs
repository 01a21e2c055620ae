using System.Globalization;
using StackExchange.Redis;

namespace RedisEventSourcing.Projections.Streaming;

/// <summary>
/// Turns a feed entry into a <see cref="FeedReference"/>. An entry the append script could not
/// have written (a field missing, a version that is not a number) still becomes a reference, of
/// type <see cref="FeedMarkers.Malformed"/> with whatever fields it had, so the partition goes on
/// and the consumer decides (dead-letters it, by its feed entry id).
/// </summary>
internal static class FeedEntryParser
{
    private static readonly string[] Required = ["_stream", "_id", "_version", "type"];

    public static FeedReference Parse(int partition, StreamEntry entry, out IReadOnlyList<string> problems)
    {
        string? Field(string name)
        {
            foreach (var value in entry.Values)
                if (value.Name == name) return value.Value.IsNull ? null : value.Value.ToString();
            return null;
        }

        var stream = Field("_stream");
        var streamEntryId = Field("_id");
        var versionText = Field("_version");
        var type = Field("type");
        var missing = Required.Where(name => string.IsNullOrEmpty(Field(name))).ToList();
        var hasVersion = int.TryParse(versionText, NumberStyles.None, CultureInfo.InvariantCulture, out var version);
        if (versionText is { Length: > 0 } && !hasVersion)
            missing.Add($"_version '{versionText}' is not a non-negative integer");
        problems = missing;
        return new FeedReference(partition, entry.Id.ToString(), stream ?? "", streamEntryId ?? "", hasVersion ? version : 0,
            missing.Count == 0 ? type! : FeedMarkers.Malformed);
    }
}
