using RedisEventSourcing.Serialization;
using StackExchange.Redis;

namespace RedisEventSourcing.Projections.Running;

/// <summary>
/// Turns feed references into events: one pipelined round trip for a whole batch (never one per
/// event), decoded with the same codecs and upcasters the grains use. A reference that cannot be
/// resolved (the entry is gone, or unreadable) comes back as a failure with its reason, for the
/// dead letters; it never stops the batch.
/// </summary>
public sealed class FeedEventResolver(IConnectionMultiplexer redis, IReadOnlyDictionary<string, Type> eventBases)
{
    private readonly Dictionary<string, EntryDecoder> _decoders = eventBases.ToDictionary(
        kv => kv.Key, kv => new EntryDecoder(EventTypeRegistry.For(kv.Value, kv.Value)), StringComparer.Ordinal);

    /// <summary>Only references of <paramref name="categories"/> are read; the others resolve to events without payload.</summary>
    public async Task<IReadOnlyList<Resolved>> ResolveAsync(IReadOnlyList<FeedReference> references, ISet<string> categories)
    {
        var db = redis.GetDatabase();
        var batch = db.CreateBatch();
        var reads = new Task<StreamEntry[]>?[references.Count];
        for (var i = 0; i < references.Count; i++)
        {
            var r = references[i];
            if (r.Type.StartsWith('_') || !categories.Contains(StreamKeyParts.Category(r.StreamKey))) continue;
            reads[i] = batch.StreamRangeAsync(r.StreamKey, r.StreamEntryId, r.StreamEntryId, 1);
        }
        batch.Execute();

        var resolved = new Resolved[references.Count];
        for (var i = 0; i < references.Count; i++)
        {
            var r = references[i];
            var (category, id) = StreamKeyParts.Split(r.StreamKey);
            if (r.Type == FeedMarkers.Cleared || reads[i] is null)
            {
                resolved[i] = r.Type.StartsWith('_') && r.Type != FeedMarkers.Cleared
                    ? Resolved.Failed(r, $"feed entry is not a reference the projections know ('{r.Type}')")
                    : Resolved.Ok(new FeedEvent(r, category, id, null, null));
                continue;
            }
            var entries = await reads[i]!;
            resolved[i] = entries.Length == 0
                ? Resolved.Failed(r, $"entry {r.StreamEntryId} is no longer in '{r.StreamKey}' (cleared or trimmed)")
                : Decode(r, category, id, entries[0]);
        }
        return resolved;
    }

    /// <summary>
    /// Every event of one stream, oldest first, as if delivered at <paramref name="position"/>:
    /// what a projection folds to derive that aggregate again from the log (dead-letter replay).
    /// </summary>
    public async Task<IReadOnlyList<Resolved>> ResolveStreamAsync(int partition, string streamKey, string position, int pageSize = 1000)
    {
        var (category, id) = StreamKeyParts.Split(streamKey);
        var db = redis.GetDatabase();
        var resolved = new List<Resolved>();
        string? after = null;
        while (true)
        {
            var page = await db.StreamRangeAsync(streamKey, after is null ? "-" : "(" + after, "+", pageSize);
            foreach (var entry in page)
            {
                var version = entry["_version"].TryParse(out int v) ? v : 0;
                var reference = new FeedReference(partition, position, streamKey, entry.Id.ToString(), version, entry["type"].ToString());
                resolved.Add(Decode(reference, category, id, entry));
            }
            if (page.Length < pageSize) return resolved;
            after = page[^1].Id.ToString();
        }
    }

    private Resolved Decode(FeedReference r, string category, string id, StreamEntry entry)
    {
        if (!_decoders.TryGetValue(category, out var decoder))
            return Resolved.Failed(r, $"no event types are registered for category '{category}'");
        try
        {
            var recorded = decoder.Decode(r.StreamKey, entry);
            return recorded.Metadata.Version == r.Version
                ? Resolved.Ok(new FeedEvent(r, category, id, recorded.Event, recorded.Metadata))
                : Resolved.Failed(r, $"the entry holds version {recorded.Metadata.Version}, the feed says {r.Version}");
        }
        catch (EventStreamCorruptException e)
        {
            return Resolved.Failed(r, e.Message);
        }
    }

    /// <summary>An event, or why a reference could not become one.</summary>
    public readonly record struct Resolved(FeedReference Reference, FeedEvent? Event, string? Problem)
    {
        public static Resolved Ok(FeedEvent e) => new(e.Reference, e, null);

        public static Resolved Failed(FeedReference r, string problem) => new(r, null, problem);
    }
}
