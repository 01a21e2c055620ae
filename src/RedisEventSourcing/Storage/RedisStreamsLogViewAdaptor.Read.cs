using RedisEventSourcing.Serialization;
using StackExchange.Redis;

namespace RedisEventSourcing.Storage;

internal sealed partial class RedisStreamsLogViewAdaptor<TView, TEntry>
{
    /// <summary>Full replay when the view is not known to match a prefix of the log, else the tail.</summary>
    private async Task EnsureReadAsync()
    {
        if (!_needsFullRead)
        {
            await CatchUpAsync();
            return;
        }
        _confirmed = _services.DeepCopy(_initialState);
        _version = 0;
        LastEntryId = null;
        _recentCommands.Clear();
        _tentative = null;
        var replaceSnapshot = await TryStartFromSnapshotAsync();
        await CatchUpAsync();
        _needsFullRead = false;
        if (replaceSnapshot) _ = WriteSnapshotAsync();
        else MaybeSnapshotInBackground();
    }

    /// <summary>Folds every entry after <see cref="LastEntryId"/> into the confirmed view, page by page.</summary>
    private async Task<List<RecordedEvent>> CatchUpAsync()
    {
        var folded = new List<RecordedEvent>();
        var pageSize = _store.Connection.Options.ReadPageSize;
        var before = _version;
        while (true)
        {
            var page = await ReadPage(LastEntryId, pageSize);
            foreach (var entry in page)
            {
                var recorded = _decoder.Decode(StreamKey, entry);
                if (recorded.Metadata.Version != _version + 1)
                    throw EntryDecoder.Corrupt(StreamKey, recorded.Metadata.EntryId,
                        $"'{WireFields.Version}' is {recorded.Metadata.Version} where {_version + 1} was expected (versions must be contiguous)");
                try
                {
                    _host.UpdateView(_confirmed, (TEntry)recorded.Event);
                }
                catch (Exception e)
                {
                    // The view may be half-changed: only a replay from the start can be trusted now.
                    _needsFullRead = true;
                    throw EntryDecoder.Corrupt(StreamKey, recorded.Metadata.EntryId, $"the grain's reducer failed on it: {e.Message}");
                }
                _version = recorded.Metadata.Version;
                LastEntryId = recorded.Metadata.EntryId;
                if (recorded.Metadata.CommandId is { } commandId) _recentCommands.Record(commandId, _version);
                folded.Add(recorded);
            }
            if (page.Length < pageSize) break;
        }
        if (_version != before)
        {
            EventStoreMetrics.EventsReplayed.Add(_version - before);
            _tentative = null;
            NotifyHost(tentative: true, confirmed: true);
        }
        return folded;
    }

    private async Task<StreamEntry[]> ReadPage(string? afterEntryId, int count)
    {
        try
        {
            return await _store.ReadPageAsync(StreamKey, afterEntryId, count);
        }
        catch (Exception e) when (StoreErrors.IsRedisFailure(e))
        {
            throw StoreErrors.ReadFailed(StreamKey, e);
        }
    }
}
