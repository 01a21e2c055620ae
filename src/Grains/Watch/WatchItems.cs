using Grains.Interfaces;
using Grains.Users;
using RedisEventSourcing.Serialization;
using StackExchange.Redis;

namespace Grains.Watch;

/// <summary>Builds what a watcher receives from stream entries.</summary>
internal static class WatchItems
{
    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();

    public static UserWatchItem Event(RecordedEvent e)
    {
        // The audit trail's shape, so `users watch --json` and `users history --json` name fields alike.
        var entry = UserHistory.Entry(e);
        return new UserWatchItem(UserWatchItemKind.Event, entry.Version, entry.EntryId, entry.Timestamp, entry.Type, entry.Payload, entry.Metadata);
    }

    /// <summary>An entry the grain could not fold: its raw fields travel with the reason, so the watcher sees what is wrong.</summary>
    public static UserWatchItem Malformed(StreamEntry entry, int? version, string problem)
    {
        var payload = new Dictionary<string, string>(StringComparer.Ordinal);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        string? type = null;
        foreach (var pair in entry.Values)
        {
            var name = pair.Name.ToString();
            if (name == WireFields.Type) type = pair.Value.ToString();
            else if (WireFields.IsMetadata(name)) metadata[name[1..]] = pair.Value.ToString();
            else payload[name] = pair.Value.ToString();
        }
        var id = entry.Id.ToString();
        return new UserWatchItem(UserWatchItemKind.Malformed, version ?? 0, id, EventMetadata.TimestampOf(id), type, payload, metadata, problem);
    }

    /// <summary>The stream was deleted and begun again: <paramref name="lastEntryId"/> and <paramref name="lastVersion"/> are what the watch had seen of the old one.</summary>
    /// <paramref name="seen"/> is the time of the new log's first entry, when the clear became visible.
    public static UserWatchItem Cleared(string? lastEntryId, int lastVersion, DateTimeOffset seen) =>
        new(UserWatchItemKind.Cleared, lastVersion, lastEntryId ?? "0-0", seen, null, Empty, Empty,
            $"the stream was cleared after version {lastVersion}; what follows is the new log");

    /// <summary>The entry's <c>_version</c> if it is a positive number, whatever else is wrong with the entry.</summary>
    public static int? VersionOf(StreamEntry entry) =>
        entry[WireFields.Version].TryParse(out int v) && v > 0 ? v : null;
}
