using RedisEventSourcing.Projections.Running;
using RedisEventSourcing.Projections.Streaming;
using StackExchange.Redis;

namespace RedisEventSourcing.Projections.Operations;

/// <summary>What one partition feed refers to, read page by page and extended on demand.</summary>
internal sealed class FeedReferenceIndex(IDatabase db, string key, int partition, int pageSize)
{
    private readonly Dictionary<string, HashSet<(ulong, ulong)>> _references = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (ulong, ulong)> _resyncedThrough = new(StringComparer.Ordinal);
    private (ulong, ulong)? _oldest;
    private string? _lastRead;

    public string Key => key;

    public async Task ReadNewerAsync()
    {
        while (true)
        {
            var page = await db.StreamRangeAsync(key, _lastRead is null ? "-" : "(" + _lastRead, "+", pageSize);
            foreach (var entry in page)
            {
                _oldest ??= FeedPosition.Parse(entry.Id.ToString());
                var r = FeedEntryParser.Parse(partition, entry, out _);
                if (r.Type == FeedMarkers.Malformed) continue;
                var id = FeedPosition.Parse(r.StreamEntryId);
                if (r.Type == FeedMarkers.Resync)
                {
                    if (!_resyncedThrough.TryGetValue(r.StreamKey, out var through) || id.CompareTo(through) > 0) _resyncedThrough[r.StreamKey] = id;
                }
                else if (r.Type != FeedMarkers.Cleared)
                {
                    if (!_references.TryGetValue(r.StreamKey, out var ids)) _references[r.StreamKey] = ids = [];
                    ids.Add(id);
                }
            }
            if (page.Length > 0) _lastRead = page[^1].Id.ToString();
            if (page.Length < pageSize) return;
        }
    }

    public bool IsOlderThanFeed(string entryId) => _oldest is { } oldest && FeedPosition.Parse(entryId).CompareTo(oldest) < 0;

    public bool Refers(string stream, string entryId) => Refers(stream, FeedPosition.Parse(entryId));

    public bool Refers(string stream, (ulong, ulong) id) =>
        (_resyncedThrough.TryGetValue(stream, out var through) && id.CompareTo(through) <= 0)
        || (_references.TryGetValue(stream, out var ids) && ids.Contains(id));

    private static bool TryParse(string entryId, out (ulong, ulong) id)
    {
        try
        {
            id = FeedPosition.Parse(entryId);
            return true;
        }
        catch (FormatException)
        {
            // Another program's feed entry naming no entry id: it refers to nothing.
            id = default;
            return false;
        }
        catch (OverflowException)
        {
            id = default;
            return false;
        }
    }
}
