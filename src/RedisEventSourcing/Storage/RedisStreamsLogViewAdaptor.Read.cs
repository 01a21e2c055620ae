using System.Diagnostics;
using Microsoft.Extensions.Logging;
using RedisEventSourcing.Diagnostics;
using RedisEventSourcing.Serialization;
using StackExchange.Redis;

namespace RedisEventSourcing.Storage;

internal sealed partial class RedisStreamsLogViewAdaptor<TView, TEntry>
{
    /// <summary>Full replay when the view is not known to match a prefix of the log, else the tail.</summary>
    /// <param name="budget">The caller's time, when it waits for this read; else each Redis call gets the operation timeout.</param>
    private async Task EnsureReadAsync(OperationBudget? budget = null)
    {
        if (!_needsFullRead)
        {
            await CatchUpAsync(budget);
            return;
        }
        // A child of the activating call only: the provider starts no trace of its own (see AppendTracing).
        using var span = Activity.Current is null ? null : EventStoreTracing.Source.StartActivity("es.replay");
        span?.SetTag(EventStoreTracing.Stream, StreamKey);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        _confirmed = _services.DeepCopy(_initialState);
        _version = 0;
        LastEntryId = null;
        _recentCommands.Clear();
        _tentative = null;
        _snapshotVersion = 0;
        SnapshotOutcome snapshot;
        try
        {
            snapshot = await TryStartFromSnapshotAsync(budget);
            await CatchUpAsync(budget);
        }
        catch (Exception e)
        {
            EventStoreTracing.Fail(span, e);
            throw;
        }
        _needsFullRead = false;
        _verifyLastEntry = _version > 0;
        EventStoreMetrics.Replayed(System.Diagnostics.Stopwatch.GetElapsedTime(started), _version - _snapshotVersion, snapshot);
        if (span is { IsAllDataRequested: true })
        {
            span.SetTag(EventStoreTracing.Snapshot, EventStoreMetrics.NameOf(snapshot));
            span.SetTag(EventStoreTracing.Version, _version);
            span.SetTag(EventStoreTracing.Events, _version - _snapshotVersion);
        }
        if (snapshot == SnapshotOutcome.Unusable) _ = WriteSnapshotAsync();
        else MaybeSnapshotInBackground();
    }

    /// <summary>
    /// Folds every entry after <see cref="LastEntryId"/> into the confirmed view, page by page,
    /// fetching the next page while this one is folded. Keeps nothing per entry but the fold; a
    /// pending event whose earlier attempt is in doubt is settled as landed when it goes by.
    /// </summary>
    /// <param name="budget">A caller's write budget, when catching up is part of its write.</param>
    private async Task CatchUpAsync(OperationBudget? budget = null)
    {
        var pageSize = _store.Connection.Options.ReadPageSize;
        var before = _version;
        var next = ReadPage(LastEntryId, pageSize, budget?.Remaining);
        while (true)
        {
            var page = await next;
            if (page.Length == pageSize) next = ReadPage(page[^1].Id.ToString(), pageSize, budget?.Remaining);
            foreach (var entry in page)
            {
                var decoded = ReadEntry(entry);
                RequireNext(decoded, _version);
                try
                {
                    _host.UpdateView(_confirmed, (TEntry)decoded.Event);
                }
                catch (Exception e)
                {
                    // The view may be half-changed: only a replay from the start can be trusted now.
                    _needsFullRead = true;
                    throw Counted(EntryDecoder.Corrupt(StreamKey, decoded.EntryId, $"the grain's reducer failed on it: {e.Message}"));
                }
                _version = decoded.Version;
                LastEntryId = decoded.EntryId;
                if (decoded.CommandId is { } commandId) _recentCommands.Record(commandId, _version);
                if (_inDoubt.Count > 0 && decoded.EventId is { } eventId && _inDoubt.Remove(eventId)) SettleLanded(eventId);
            }
            if (page.Length < pageSize) break;
        }
        if (_version != before)
        {
            _verifyLastEntry = true;
            EventStoreMetrics.EventsReplayed.Add(_version - before);
            _tentative = null;
            NotifyHost(tentative: true, confirmed: true);
        }
    }

    /// <summary>Versions are contiguous: a gap or a repeat means the log is not what the fold assumes.</summary>
    private void RequireNext(DecodedEntry decoded, int previousVersion)
    {
        if (decoded.Version != previousVersion + 1)
            throw Counted(EntryDecoder.Corrupt(StreamKey, decoded.EntryId,
                $"'{WireFields.Version}' is {decoded.Version} where {previousVersion + 1} was expected (versions must be contiguous)"));
    }

    private DecodedEntry ReadEntry(StreamEntry entry)
    {
        try
        {
            return _decoder.Read(StreamKey, entry);
        }
        catch (EventStreamCorruptException e)
        {
            throw Counted(e);
        }
    }

    /// <summary>An entry the fold cannot take: counted as a store error of the read (<c>es.store.errors</c>, corrupt).</summary>
    private static EventStreamCorruptException Counted(EventStreamCorruptException e)
    {
        EventStoreMetrics.StoreError(StoreErrors.ErrorTypes.Corrupt, StoreErrors.Operations.Read);
        return e;
    }

    private async Task<StreamEntry[]> ReadPage(string? afterEntryId, int count, TimeSpan? within = null)
    {
        try
        {
            return await _store.ReadPageAsync(StreamKey, afterEntryId, count, within: within);
        }
        catch (Exception e) when (StoreErrors.IsRedisFailure(e))
        {
            _storeFailing = true;
            _logger.ReadFailed(Redacted(e), StreamKey, _version);
            throw StoreErrors.ReadFailed(StreamKey, e);
        }
    }
}
