using System.Globalization;
using RedisEventSourcing.Serialization;
using StackExchange.Redis;

namespace RedisEventSourcing.Storage;

internal sealed partial class RedisStreamsLogViewAdaptor<TView, TEntry>
{
    public Task<(TView State, int Version)> ReadStateAtVersionAsync(int version)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(version);
        return FoldUntilAsync(s => s.Version <= version, endEntryId: null, maxVersion: version);
    }

    public Task<(TView State, int Version)> ReadStateAsOfAsync(DateTimeOffset instant)
    {
        var ms = instant.ToUnixTimeMilliseconds();
        if (ms < 0) return Task.FromResult((_services.DeepCopy(_initialState), 0));
        // As an end bound, a bare millisecond time includes every entry of that millisecond.
        return FoldUntilAsync(s => EventMetadata.TimestampOf(s.EntryId).ToUnixTimeMilliseconds() <= ms,
            endEntryId: ms.ToString(CultureInfo.InvariantCulture), maxVersion: int.MaxValue);
    }

    /// <summary>
    /// Folds with the grain's reducer from the newest usable snapshot inside the bound (else from
    /// the start), reading only up to the bound.
    /// </summary>
    private async Task<(TView State, int Version)> FoldUntilAsync(Func<Snapshot<TView>, bool> snapshotInside, string? endEntryId, int maxVersion)
    {
        var view = _services.DeepCopy(_initialState);
        var version = 0;
        string? after = null;
        if (maxVersion > 0)
        {
            var (snapshot, _) = await ReadingAsync(() => _snapshots.TryReadAsync());
            if (snapshot is not null && snapshotInside(snapshot))
                (view, version, after) = (snapshot.State, snapshot.Version, snapshot.EntryId);
        }

        var pageSize = _store.Connection.Options.ReadPageSize;
        while (version < maxVersion)
        {
            StreamEntry[] page;
            try
            {
                page = await _store.ReadPageAsync(StreamKey, after, (int)Math.Min(pageSize, (long)maxVersion - version), endEntryId);
            }
            catch (Exception e) when (StoreErrors.IsRedisFailure(e))
            {
                _logger.ReadFailed(Redacted(e), StreamKey, _version);
                throw StoreErrors.ReadFailed(StreamKey, e);
            }
            foreach (var entry in page)
            {
                var decoded = _decoder.Read(StreamKey, entry);
                RequireNext(decoded, version);
                _host.UpdateView(view, (TEntry)decoded.Event);
                version = decoded.Version;
            }
            if (page.Length == 0) break;
            after = page[^1].Id.ToString();
        }
        return (view, version);
    }

    /// <summary>
    /// The id of the entry holding <paramref name="target"/>, found by bisecting on entry-id time
    /// (ids and versions grow together), then scanning the last millisecond's entries.
    /// </summary>
    private async Task<string?> EntryIdOfVersionAsync(int target)
    {
        if (target == _version && LastEntryId is not null) return LastEntryId;
        var first = await ReadPage(null, 1);
        if (first.Length == 0) return null;
        var low = first[0];
        var lowVersion = VersionOf(low);
        if (lowVersion >= target) return lowVersion == target ? low.Id.ToString() : null;

        var lowMs = MsOf(low.Id.ToString());
        var last = await _store.ReadBackwardsAsync(StreamKey, null, 1);
        var highMs = MsOf(last[0].Id.ToString()) + 1;
        while (highMs - lowMs > 1)
        {
            var mid = lowMs + (highMs - lowMs) / 2;
            var probe = await _store.ReadPageAsync(StreamKey, null, 1, toEntryId: null, fromEntryId: $"{mid}-0");
            if (probe.Length == 0) { highMs = mid; continue; }
            var probeVersion = VersionOf(probe[0]);
            if (probeVersion == target) return probe[0].Id.ToString();
            if (probeVersion < target) (low, lowVersion, lowMs) = (probe[0], probeVersion, MsOf(probe[0].Id.ToString()));
            else highMs = mid;
        }

        var after = low.Id.ToString();
        while (true)
        {
            var page = await ReadPage(after, Math.Min(_store.Connection.Options.ReadPageSize, target - lowVersion));
            if (page.Length == 0) return null;
            foreach (var entry in page)
            {
                var v = VersionOf(entry);
                if (v == target) return entry.Id.ToString();
                if (v > target) return null;
                lowVersion = v;
            }
            after = page[^1].Id.ToString();
        }
    }

    /// <summary>Runs a read, turning Redis failures into the store's typed error (Orleans cannot ship Redis exceptions).</summary>
    private async Task<T> ReadingAsync<T>(Func<Task<T>> read)
    {
        try
        {
            return await read();
        }
        catch (Exception e) when (StoreErrors.IsRedisFailure(e))
        {
            _logger.ReadFailed(Redacted(e), StreamKey, _version);
            throw StoreErrors.ReadFailed(StreamKey, e);
        }
    }

    private int VersionOf(StreamEntry entry) =>
        int.TryParse((string?)entry[WireFields.Version], NumberStyles.None, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw EntryDecoder.Corrupt(StreamKey, entry.Id.ToString(), $"missing or malformed '{WireFields.Version}'");

    private static long MsOf(string entryId) => EventMetadata.TimestampOf(entryId).ToUnixTimeMilliseconds();
}
