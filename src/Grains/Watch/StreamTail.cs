using Grains.Interfaces;
using RedisEventSourcing;
using RedisEventSourcing.Serialization;
using StackExchange.Redis;

namespace Grains.Watch;

/// <summary>
/// A position in one user's stream and the reads that move it: each read is one non-blocking
/// <c>XRANGE (last +</c>, decoded with the user grain's codecs. Entries are judged as the grain
/// would judge them, but nothing stops the tail: an unreadable entry becomes a notice, a cleared
/// stream a marker, and the position moves past both.
/// </summary>
internal sealed class StreamTail(IDatabase db, string key, GrainStreamDecoder decoder, int pageSize)
{
    /// <summary>The last entry read; null before the first (the next read starts at the stream's head).</summary>
    public string? LastId { get; private set; }

    public int LastVersion { get; private set; }

    /// <summary>Only what is appended from now on: the position becomes the stream's last entry.</summary>
    public async Task MoveToEndAsync()
    {
        var last = await db.StreamRangeAsync(key, "-", "+", 1, Order.Descending);
        if (last.Length == 0) return;
        LastId = last[0].Id.ToString();
        LastVersion = WatchItems.VersionOf(last[0]) ?? 0;
    }

    /// <summary>
    /// Reads one page after the position, up to <paramref name="end"/> (inclusive); <c>More</c> says
    /// another read may find more at once (a full page, or a clear that restarts at the head).
    /// </summary>
    public async Task<(List<UserWatchItem> Items, bool More)> ReadAsync(string end = "+")
    {
        var page = await db.StreamRangeAsync(key, LastId is null ? "-" : "(" + LastId, end, pageSize);
        var items = new List<UserWatchItem>(page.Length);
        foreach (var entry in page)
        {
            var version = WatchItems.VersionOf(entry);
            if (LastId is not null && version is { } v && v <= LastVersion && await ClearedAsync())
            {
                items.Add(WatchItems.Cleared(LastId, LastVersion, EventMetadata.TimestampOf(entry.Id.ToString())));
                // The new log's first ids may sort before the old position (same millisecond): read it from its head.
                LastId = null;
                LastVersion = 0;
                return (items, true);
            }
            items.Add(Judge(entry, version));
            LastId = entry.Id.ToString();
            if (version > LastVersion) LastVersion = version.Value;
        }
        return (items, page.Length == pageSize);
    }

    private UserWatchItem Judge(StreamEntry entry, int? version)
    {
        RecordedEvent recorded;
        try
        {
            recorded = decoder.Decode(key, entry);
        }
        catch (EventStreamCorruptException e)
        {
            return WatchItems.Malformed(entry, version, e.Message);
        }
        // The first entry read from the head has nothing to follow; after that, versions are contiguous by contract.
        if (LastId is not null && recorded.Metadata.Version != LastVersion + 1)
            return WatchItems.Malformed(entry, version,
                $"entry {entry.Id} holds version {recorded.Metadata.Version} where version {LastVersion + 1} was due; the user grain refuses such a log");
        return WatchItems.Event(recorded);
    }

    /// <summary>
    /// An entry that does not move the version on is either a foreign writer's mistake or the first of a
    /// new log after a clear: only in the second case has the entry at the position gone.
    /// </summary>
    private async Task<bool> ClearedAsync() => (await db.StreamRangeAsync(key, LastId, LastId, 1)).Length == 0;
}
