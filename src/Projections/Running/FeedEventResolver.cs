using RedisEventSourcing.Serialization;
using StackExchange.Redis;

namespace RedisEventSourcing.Projections.Running;

/// <summary>
/// Turns feed references into events: one pipelined round trip for a whole batch (never one per
/// event), decoded with the same codecs and upcasters the grains use. A reference that cannot be
/// resolved (the entry is gone, or unreadable) comes back as a failure with its reason, for the
/// dead letters; it never stops the batch. A <see cref="FeedMarkers.Resync"/> marker becomes a
/// <see cref="FeedMarkers.Cleared"/> and its stream's events up to the marker, one page-wise read
/// of the stream each, all at the marker's feed entry id: one group that is applied, or
/// dead-lettered, as a whole.
/// </summary>
/// <param name="shared">Events other copies of the partition resolved lately (null: none shared).</param>
public sealed class FeedEventResolver(IConnectionMultiplexer redis, IReadOnlyDictionary<string, Type> eventBases, ResolvedEvents? shared = null)
{
    private readonly Dictionary<string, EntryDecoder> _decoders = eventBases.ToDictionary(
        kv => kv.Key, kv => new EntryDecoder(EventTypeRegistry.For(kv.Value, kv.Value)), StringComparer.Ordinal);

    /// <summary>References read per pipelined round trip: a rebuild's page of 20,000 goes as 20 of them.</summary>
    private const int RoundTripSize = 1000;

    /// <summary>Only references of <paramref name="categories"/> are read; the others resolve to events without payload.</summary>
    public async Task<IReadOnlyList<Resolved>> ResolveAsync(IReadOnlyList<FeedReference> references, ISet<string> categories)
    {
        if (references.Count <= RoundTripSize) return await ResolveRoundTripAsync(references, categories);
        // One huge pipeline is slower than round trips of a thousand (Redis answers, and this
        // process parses, in one burst instead of overlapping): measured in bench/run-read.sh.
        var resolved = new List<Resolved>(references.Count);
        foreach (var chunk in references.Chunk(RoundTripSize)) resolved.AddRange(await ResolveRoundTripAsync(chunk, categories));
        return resolved;
    }

    private async Task<IReadOnlyList<Resolved>> ResolveRoundTripAsync(IReadOnlyList<FeedReference> references, ISet<string> categories)
    {
        var db = redis.GetDatabase();
        var batch = db.CreateBatch();
        var reads = new Task<StreamEntry[]>?[references.Count];
        var hits = shared is null ? null : new FeedEvent?[references.Count];
        var sent = 0;
        for (var i = 0; i < references.Count; i++)
        {
            var r = references[i];
            if (r.Type.StartsWith('_') || !categories.Contains(StreamKeyParts.Category(r.StreamKey))) continue;
            if (shared is not null && shared.TryGet(r, out var hit))
            {
                hits![i] = hit;
                continue;
            }
            reads[i] = batch.StreamRangeAsync(r.StreamKey, r.StreamEntryId, r.StreamEntryId, 1);
            sent++;
        }
        if (sent > 0) batch.Execute();

        var resolved = new List<Resolved>(references.Count);
        for (var i = 0; i < references.Count; i++)
        {
            var r = references[i];
            if (hits?[i] is { } known)
            {
                resolved.Add(Resolved.Ok(known));
                continue;
            }
            var (category, id) = StreamKeyParts.Split(r.StreamKey);
            if (r.Type == FeedMarkers.Resync && categories.Contains(category))
            {
                resolved.AddRange(await ResolveResyncAsync(r, category, id));
                continue;
            }
            if (r.Type is FeedMarkers.Cleared or FeedMarkers.Resync || reads[i] is null)
            {
                resolved.Add(r.Type.StartsWith('_') && r.Type is not (FeedMarkers.Cleared or FeedMarkers.Resync)
                    ? Resolved.Failed(r, $"feed entry is not a reference the projections know ('{r.Type}')")
                    : Resolved.Ok(new FeedEvent(r, category, id, null, null)));
                continue;
            }
            var entries = await reads[i]!;
            var one = entries.Length == 0
                ? Resolved.Failed(r, $"entry {r.StreamEntryId} is no longer in '{r.StreamKey}' (cleared or trimmed)")
                : Decode(r, category, id, entries[0]);
            if (one.Event is { } decoded) shared?.Add(decoded);
            resolved.Add(one);
        }
        return resolved;
    }

    /// <summary>
    /// A clear, then every event of the stream up to the marker's entry, all at the marker's feed
    /// entry id; or, if one of them cannot be decoded, the marker alone as a failure (its group
    /// is all or nothing, as a single reference is). The clear carries version 0 and entry
    /// <c>0-0</c>, as dead-letter replay's does: "nothing derived from this stream remains".
    /// </summary>
    private async Task<IReadOnlyList<Resolved>> ResolveResyncAsync(FeedReference marker, string category, string id)
    {
        var events = await ResolveStreamAsync(marker.Partition, marker.StreamKey, marker.FeedEntryId, toEntryId: marker.StreamEntryId);
        if (events.FirstOrDefault(e => e.Event is null) is { Problem: { } problem } failed)
            return [Resolved.Failed(marker, $"{FeedMarkers.Resync} of '{marker.StreamKey}' up to {marker.StreamEntryId}: entry {failed.Reference.StreamEntryId}: {problem}")];
        var clear = new FeedReference(marker.Partition, marker.FeedEntryId, marker.StreamKey, "0-0", 0, FeedMarkers.Cleared);
        return [Resolved.Ok(new FeedEvent(clear, category, id, null, null)), .. events];
    }

    /// <summary>
    /// Every event of one stream (up to <paramref name="toEntryId"/> inclusive, when given), oldest
    /// first, as if delivered at <paramref name="position"/>: what a projection folds to derive that
    /// aggregate again from the log (dead-letter replay, a <see cref="FeedMarkers.Resync"/>).
    /// </summary>
    public async Task<IReadOnlyList<Resolved>> ResolveStreamAsync(int partition, string streamKey, string position, int pageSize = 1000, string? toEntryId = null)
    {
        var (category, id) = StreamKeyParts.Split(streamKey);
        var db = redis.GetDatabase();
        var resolved = new List<Resolved>();
        string? after = null;
        while (true)
        {
            var page = await db.StreamRangeAsync(streamKey, after is null ? "-" : "(" + after, toEntryId ?? "+", pageSize);
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
            var (@event, metadata) = decoder.DecodeEvent(r.StreamKey, entry);
            return metadata.Version == r.Version
                ? Resolved.Ok(new FeedEvent(r, category, id, @event, metadata))
                : Resolved.Failed(r, $"the entry holds version {metadata.Version}, the feed says {r.Version}");
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
