using RedisEventSourcing.Serialization;

namespace RedisEventSourcing.Storage;

internal sealed partial class RedisStreamsLogViewAdaptor<TView, TEntry>
{
    private async Task WriteAllAsync()
    {
        try
        {
            if (_needsFullRead) await EnsureReadAsync();
            while (_pending.Count > 0) await WriteBatchAsync();
        }
        catch (Exception e)
        {
            // Whatever was pending belongs to callers that now see this error: never write it later.
            FailPending(e);
            throw;
        }
    }

    /// <summary>Appends every pending event in one script call: all of them or none.</summary>
    private async Task WriteBatchAsync()
    {
        var options = _store.Connection.Options;
        for (var attempt = 0; ; attempt++)
        {
            RemoveStaleConditionalEvents();
            DropCommandsAlreadyInLog();
            if (_pending.Count == 0) return;

            if (_pending.Count > options.MaxBatchEvents)
                throw new ArgumentException($"{_pending.Count} events are pending for '{StreamKey}'; one atomic append takes at most {options.MaxBatchEvents} ({nameof(options.MaxBatchEvents)}). Nothing was appended.");
            var batch = _pending.ToList();
            var eventIds = batch.Select(_ => CommandContextSnapshot.NewEventId()).ToArray();
            var encoded = batch.Select((p, i) => _encoder.Encode(p.Entry!, _version + 1 + i, eventIds[i], p.Context)).ToList();

            await _store.Connection.GetDatabaseAsync();
            if (!_store.Connection.IsConnected)
                throw StoreErrors.NotAppended(StreamKey, "Redis is not connected");

            var deadline = _store.Connection.ServerNowMs() + (long)options.OperationTimeout.TotalMilliseconds;
            AppendResult result;
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                result = await _store.AppendAsync(new AppendRequest(StreamKey, _feedKey, _version, _version == 0 ? null : LastEntryId, encoded, deadline));
            }
            catch (Exception e) when (StoreErrors.IsRedisFailure(e))
            {
                EventStoreMetrics.Appends.Add(1, EventStoreMetrics.Outcome("error"));
                await SettleUnknownOutcomeAsync(batch, eventIds[0], deadline, e);
                return;
            }
            EventStoreMetrics.AppendDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            EventStoreMetrics.Appends.Add(1, EventStoreMetrics.Outcome(result.Status));
            if (result.Status == AppendStatus.Appended) EventStoreMetrics.EventsAppended.Add(batch.Count);

            switch (result.Status)
            {
                case AppendStatus.Appended:
                    Confirm(batch, result.EntryIds);
                    return;
                case AppendStatus.Conflict:
                    if (attempt >= options.MaxConflictRetries)
                        throw new EventStoreConflictException($"'{StreamKey}' kept moving under other writers; gave up after {attempt + 1} attempts. Nothing of this command was appended.");
                    // Another writer moved the stream: take its events, then retry on the new version.
                    await CatchUpAsync();
                    continue;
                case AppendStatus.Expired:
                    throw StoreErrors.NotAppended(StreamKey, $"the append reached Redis after its {options.OperationTimeout.TotalSeconds:0.#}s deadline and was refused");
                default:
                    throw EntryDecoder.Corrupt(StreamKey, result.Detail ?? "?", $"missing field '{WireFields.Version}' on the stream's last entry");
            }
        }
    }

    private void Confirm(List<PendingEvent<TEntry>> batch, string[] entryIds)
    {
        for (var i = 0; i < batch.Count; i++)
        {
            _host.UpdateView(_confirmed, batch[i].Entry);
            _version++;
            if (batch[i].Context.CommandId is { } commandId) _recentCommands.Record(commandId, _version);
        }
        LastEntryId = entryIds[^1];
        _pending.RemoveRange(0, batch.Count);
        _tentative = null;
        NotifyHost(tentative: false, confirmed: true);
        foreach (var p in batch) p.Promise?.TrySetResult(true);
        MaybeSnapshotInBackground();
    }

    /// <summary>
    /// The script was sent and no answer came. Read the log to learn whether it ran; once the
    /// server is past the deadline the script can no longer run, so "absent" is then final.
    /// </summary>
    private async Task SettleUnknownOutcomeAsync(List<PendingEvent<TEntry>> batch, string firstEventId, long deadline, Exception failure)
    {
        var deadlineAt = DateTimeOffset.FromUnixTimeMilliseconds(deadline);
        try
        {
            var wait = deadline - _store.Connection.ServerNowMs() + 50;
            if (wait > 0) await Task.Delay(TimeSpan.FromMilliseconds(wait));
            if (await CatchUpAsync(lookForEventId: firstEventId))
            {
                // It landed; CatchUpAsync already folded it into the view.
                _pending.RemoveRange(0, batch.Count);
                foreach (var p in batch) p.Promise?.TrySetResult(true);
                return;
            }
        }
        catch (Exception e) when (e is EventStoreException || StoreErrors.IsRedisFailure(e))
        {
            throw StoreErrors.OutcomeUnknown(StreamKey, deadlineAt, failure);
        }
        throw StoreErrors.NotAppended(StreamKey, $"Redis failed during the append ({failure.Message}) and the log shows it did not run");
    }

    /// <summary>Orleans' rule: a conditional event whose position has passed fails, and every conditional after it.</summary>
    private void RemoveStaleConditionalEvents()
    {
        var failed = false;
        for (var pos = 0; pos < _pending.Count; pos++)
        {
            var p = _pending[pos];
            if (!p.IsConditional || (!failed && p.ConditionalPosition == _version + pos)) continue;
            failed = true;
            p.Promise?.TrySetResult(false);
        }
        if (!failed) return;
        _pending.RemoveAll(p => p.IsConditional);
        _tentative = null;
        NotifyHost(tentative: true, confirmed: false);
    }

    /// <summary>A retried command whose first attempt did land must not append twice.</summary>
    private void DropCommandsAlreadyInLog()
    {
        var removed = _pending.RemoveAll(p =>
        {
            if (p.Context.CommandId is not { } id || !_recentCommands.TryGet(id, out _)) return false;
            p.Promise?.TrySetResult(true);
            return true;
        });
        if (removed > 0) _tentative = null;
    }

    private void FailPending(Exception e)
    {
        foreach (var p in _pending) p.Promise?.TrySetException(e);
        _pending.Clear();
        _tentative = null;
        NotifyHost(tentative: true, confirmed: false);
    }
}
