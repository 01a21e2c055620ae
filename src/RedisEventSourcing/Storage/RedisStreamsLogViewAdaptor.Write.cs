using Microsoft.Extensions.Logging;
using RedisEventSourcing.Diagnostics;
using RedisEventSourcing.Serialization;

namespace RedisEventSourcing.Storage;

internal sealed partial class RedisStreamsLogViewAdaptor<TView, TEntry>
{
    private async Task WriteAllAsync()
    {
        try
        {
            // One budget for the whole write: a caller waits at most the operation timeout, however many round trips it takes.
            var budget = WriteBudget();
            if (_needsFullRead) await EnsureReadAsync(budget);
            while (_pending.Count > 0) await WriteBatchAsync(budget);
        }
        catch (Exception e)
        {
            _storeFailing = true;
            // Events whose callers now see this error are dropped, never written later; FailPending
            // keeps only what nobody was told about and the store may still take.
            FailPending(e);
            if (e is EventStoreLostEventsException) await RereadAfterLossAsync();
            throw;
        }
    }

    /// <summary>
    /// Appends the oldest pending events in one script call, all of them or none: at most
    /// <c>MaxBatchEvents</c>, never cutting through one conditional range (which is all or nothing).
    /// </summary>
    private async Task WriteBatchAsync(OperationBudget budget)
    {
        var options = _store.Connection.Options;
        for (var attempt = 0; ; attempt++)
        {
            RemoveStaleConditionalEvents();
            DropCommandsAlreadyInLog();
            if (_pending.Count == 0) return;

            var take = Math.Min(_pending.Count, options.MaxBatchEvents);
            while (take > 0 && take < _pending.Count && IsInsideRange(_pending[take])) take--;
            if (take == 0)
                throw new ArgumentException($"One conditional raise of '{StreamKey}' holds more than {options.MaxBatchEvents} events, the most one atomic append takes ({nameof(options.MaxBatchEvents)}). Nothing was appended.");
            var batch = _pending.GetRange(0, take);
            // One span per attempt: a conflict's retry shows as a second es.append under the same call.
            using var span = AppendTracing.Start(StreamKey, batch, _version);
            var encoded = batch.Select((p, i) => _encoder.Encode(p.Entry!, _version + 1 + i, p.EventId ??= CommandContextSnapshot.NewEventId(), p.Context,
                AppendTracing.TraceParentOf(p, batch[0], span))).ToList();

            await _store.Connection.GetDatabaseAsync();
            if (!_store.Connection.IsConnected)
                throw StoreErrors.NotAppended(StreamKey, "Redis is not connected");

            // The script's deadline ends the append's share of the budget; the rest is kept for the
            // outcome check, which can prove "absent" only once the server's clock is past it.
            var window = budget.Remaining - budget.OutcomeCheckReserve;
            if (window <= TimeSpan.Zero)
                throw StoreErrors.NotAppended(StreamKey, $"the {options.OperationTimeout.TotalSeconds:0.#}s operation timeout ran out before the append could be sent");
            var deadline = _store.Connection.ServerNowMs() + (long)window.TotalMilliseconds;
            var request = new AppendRequest(StreamKey, _feedKey, _version, _version == 0 ? null : LastEntryId, encoded, deadline, _verifyLastEntry && _version > 0)
            {
                Trace = span?.Context ?? default,
            };
            AppendResult result;
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var append = _store.AppendAsync(request);
            try
            {
                // Bounded here, not only per Redis call: time queued behind other appends counts too.
                result = await append.WaitAsync(window);
            }
            catch (TimeoutException) when (_store.TryWithdraw(request))
            {
                // Still queued: no call ever carried it, so "not appended" is certain.
                EventStoreMetrics.Appends.Add(1, EventStoreMetrics.Outcome("not_sent"));
                span?.SetTag(EventStoreTracing.Outcome, "not_sent");
                throw StoreErrors.NotAppended(StreamKey, $"Redis did not take it within the {options.OperationTimeout.TotalSeconds:0.#}s operation timeout (it was never sent)");
            }
            catch (Exception e) when (StoreErrors.RefusedBeforeRunning(e))
            {
                // Nothing ran, so no outcome to check. A slot that moved in a failover is now known
                // at its new master (the MOVED updated the client's map): send again while the budget lasts.
                EventStoreMetrics.Appends.Add(1, EventStoreMetrics.Outcome("refused"));
                span?.SetTag(EventStoreTracing.Outcome, "refused");
                if (attempt < options.MaxConflictRetries)
                {
                    LogAppendRefused(_logger, StoreErrors.Summary(e), StreamKey);
                    continue;
                }
                throw StoreErrors.NotAppended(StreamKey, $"{StoreErrors.Summary(e)}; the script did not run");
            }
            catch (Exception e) when (StoreErrors.IsRedisFailure(e))
            {
                // The abandoned call still ends some time: its result is settled from the log, not from it.
                _ = append.ContinueWith(static t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously);
                LogAppendFailed(_logger, Redacted(e), StreamKey);
                EventStoreMetrics.Appends.Add(1, EventStoreMetrics.Outcome("no_answer"));
                EventStoreTracing.Fail(span, e);
                await SettleUnknownOutcomeAsync(batch, deadline, e, budget);
                return;
            }
            var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
            var outcome = EventStoreMetrics.Outcome(result.Status);
            EventStoreMetrics.AppendDuration.Record(elapsed.TotalSeconds, outcome);
            EventStoreMetrics.Appends.Add(1, outcome);
            if (result.Status == AppendStatus.Appended) EventStoreMetrics.EventsAppended.Add(batch.Count);
            else if (result.Status == AppendStatus.Conflict) EventStoreMetrics.Conflicts.Add(1);
            span?.SetTag(EventStoreTracing.Outcome, outcome.Value);

            switch (result.Status)
            {
                case AppendStatus.Appended when result.ReplicasAcknowledged < options.ReplicaAcknowledgements:
                    // In the master's log, so in this view; but not acknowledged: a failover may still lose it.
                    EventStoreMetrics.AppendsNotReplicated.Add(1);
                    Confirm(batch, result.EntryIds, StoreErrors.NotReplicated(StreamKey, result.ReplicasAcknowledged.Value, options.ReplicaAcknowledgements, result.ReplicaWait ?? options.ReplicaAcknowledgementTimeout));
                    return;
                case AppendStatus.Appended:
                    Confirm(batch, result.EntryIds);
                    return;
                case AppendStatus.Conflict when result.CurrentVersion < _version:
                case AppendStatus.Lost:
                    throw LostEvents(result.CurrentVersion);
                case AppendStatus.Conflict:
                    if (attempt >= options.MaxConflictRetries)
                        throw GaveUp(new EventStoreConflictException($"'{StreamKey}' kept moving under other writers; gave up after {attempt + 1} attempts. Nothing of this command was appended."), StoreErrors.ErrorTypes.Conflict, span);
                    // Another writer moved the stream: take its events, then retry on the new version.
                    await CatchUpAsync(budget);
                    continue;
                case AppendStatus.Expired when attempt < options.MaxConflictRetries && elapsed < options.OperationTimeout / 2:
                    // Refused although it came back quickly: the deadline was computed with a stale
                    // server-clock offset (failover to another host, NTP step). Nothing was written,
                    // so measure again and retry.
                    LogClockOffsetStale(_logger, StreamKey, _store.Connection.ServerClockOffsetMs);
                    await _store.Connection.MeasureServerClockAsync(budget.Remaining);
                    continue;
                case AppendStatus.Expired:
                    throw StoreErrors.NotAppended(StreamKey, $"the append reached Redis after its {options.OperationTimeout.TotalSeconds:0.#}s deadline and was refused");
                case AppendStatus.Error:
                    throw GaveUp(new EventStoreRejectedException($"Redis refused the append to '{StreamKey}' ({result.Detail}). Nothing was appended; other streams were not affected."), StoreErrors.ErrorTypes.Rejected, span);
                default:
                    throw GaveUp(EntryDecoder.Corrupt(StreamKey, result.Detail ?? "?", $"missing field '{WireFields.Version}' on the stream's last entry"), StoreErrors.ErrorTypes.Corrupt, span);
            }
        }
    }

    /// <summary>Counts an error of the append the script answered (the StoreErrors factories count their own).</summary>
    private static EventStoreException GaveUp(EventStoreException error, string errorType, System.Diagnostics.Activity? span)
    {
        EventStoreMetrics.StoreError(errorType, StoreErrors.Operations.Append);
        EventStoreTracing.Fail(span, error);
        return error;
    }

    /// <summary>A conditional range's later events carry no promise: its first event holds the caller's.</summary>
    private static bool IsInsideRange(PendingEvent<TEntry> p) => p.IsConditional && p.Promise is null;

    private EventStoreLostEventsException LostEvents(int logVersion)
    {
        EventStoreMetrics.LostEventsDetected.Add(1);
        EventStoreMetrics.StoreError(StoreErrors.ErrorTypes.LostEvents, StoreErrors.Operations.Append);
        LogLostEvents(_logger, StreamKey, _version, LastEntryId, logVersion);
        _needsFullRead = true;
        return new EventStoreLostEventsException(StreamKey, _version, logVersion);
    }

    /// <summary>After a loss the view is ahead of the log: rebuild it from the log as it now is.</summary>
    private async Task RereadAfterLossAsync()
    {
        try
        {
            await EnsureReadAsync();
        }
        catch (EventStoreException e)
        {
            // The flag stays set: the next operation tries again.
            LogRereadFailed(_logger, Redacted(e), StreamKey);
        }
    }

    /// <param name="notAcknowledged">
    /// Set when the events landed but the replicas required did not confirm them: the view takes
    /// them (they are in the log), and their callers get this error instead of a success.
    /// </param>
    private void Confirm(List<PendingEvent<TEntry>> batch, string[] entryIds, EventStoreException? notAcknowledged = null)
    {
        for (var i = 0; i < batch.Count; i++)
        {
            _version++;
            if (batch[i].Context.CommandId is { } commandId) _recentCommands.Record(commandId, _version);
            if (!_needsFullRead) ApplyConfirmed(batch[i].Entry, entryIds[i]);
        }
        LastEntryId = entryIds[^1];
        _verifyLastEntry = false;
        _failedWrites = 0;
        // Replicas that do not acknowledge are a failing store too (a master left without its replica).
        _storeFailing = notAcknowledged is not null;
        _pending.RemoveRange(0, batch.Count);
        ForgetDuplicateSuspicion(batch);
        _tentative = null;
        NotifyHost(tentative: false, confirmed: true);
        if (notAcknowledged is null)
        {
            foreach (var p in batch) p.Promise?.TrySetResult(true);
        }
        else
        {
            foreach (var w in _waiters)
                if (w.Covers(batch[0].Sequence, batch[^1].Sequence)) w.Fail(notAcknowledged);
            foreach (var p in batch) p.Promise?.TrySetException(notAcknowledged);
        }
        MaybeSnapshotInBackground();
    }

    /// <summary>
    /// The event is in the log whatever the reducer does now, so its caller is told it landed. If
    /// the reducer throws, the view is no longer a fold of the log: it is rebuilt from the log on the
    /// next access, where the same reducer meets the same entry (the replay names it).
    /// </summary>
    private void ApplyConfirmed(TEntry entry, string entryId)
    {
        try
        {
            _host.UpdateView(_confirmed, entry);
        }
        catch (Exception e)
        {
            _needsFullRead = true;
            LogReducerFailedAfterAppend(_logger, e, StreamKey, entryId);
            _services.CaughtUserCodeException("UpdateView", nameof(Confirm), e);
            // State is read synchronously, so only a new activation can stop serving this view.
            if (_host is IGrainBase grain)
                grain.GrainContext.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationError, $"the reducer failed on entry {entryId} of '{StreamKey}'"));
        }
    }

    /// <summary>This activation wrote these command ids itself: later raises of them are its own.</summary>
    private void ForgetDuplicateSuspicion(List<PendingEvent<TEntry>> written)
    {
        if (_pending.Count == 0) return;
        foreach (var w in written)
        {
            if (w.Context.CommandId is not { } id) continue;
            foreach (var p in _pending)
                if (p.Context.CommandId == id) p.MayDuplicateOtherWriter = false;
        }
    }

    /// <summary>
    /// The script was sent and no answer came. Read the log to learn whether it ran; once the
    /// server's own clock is past the deadline the script can no longer run, so "absent" is then final.
    /// The check gets only what is left of the caller's budget: a Redis that does not answer it
    /// makes the answer "outcome unknown" at the timeout, not when Redis comes back.
    /// The batch's event ids stay in doubt until then: any later read that meets one of them
    /// settles that event as landed instead of appending it again.
    /// </summary>
    private async Task SettleUnknownOutcomeAsync(List<PendingEvent<TEntry>> batch, long deadline, Exception failure, OperationBudget budget)
    {
        var deadlineAt = DateTimeOffset.FromUnixTimeMilliseconds(deadline);
        foreach (var p in batch) _inDoubt.Add(p.EventId!);
        try
        {
            // Asked of the server, not estimated: a stale clock offset must not make "absent" premature.
            await _store.Connection.WaitUntilServerTimePassesAsync(deadline, budget.Remaining);
            await CatchUpAsync(budget);
        }
        catch (Exception e) when (e is EventStoreException || StoreErrors.IsRedisFailure(e))
        {
            LogOutcomeCheckFailed(_logger, Redacted(e), StreamKey);
            throw StoreErrors.OutcomeUnknown(StreamKey, deadlineAt, failure);
        }
        // The batch is atomic: CatchUpAsync settled all of it as landed, or none of it ran.
        if (!_pending.Contains(batch[0])) return;
        foreach (var p in batch) _inDoubt.Remove(p.EventId!);
        throw StoreErrors.NotAppended(StreamKey, $"{StoreErrors.Summary(failure)} during the append, and the log shows it did not run");
    }

    /// <summary>An entry read from the log is a pending event whose earlier attempt's outcome was unknown: it landed.</summary>
    private void SettleLanded(string eventId)
    {
        var index = _pending.FindIndex(p => p.EventId == eventId);
        if (index < 0) return;
        var landed = _pending[index];
        _pending.RemoveAt(index);
        ForgetDuplicateSuspicion([landed]);
        var required = _store.Connection.Options.ReplicaAcknowledgements;
        if (required == 0)
        {
            landed.Promise?.TrySetResult(true);
            return;
        }
        // In the log, but read from the master: only WAIT's answer says replicas hold it, and it was lost.
        var unknown = StoreErrors.ReplicationUnknown(StreamKey, required);
        foreach (var w in _waiters)
            if (w.Covers(landed.Sequence, landed.Sequence)) w.Fail(unknown);
        landed.Promise?.TrySetException(unknown);
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
        var dropped = _pending.RemoveAll(p => p.IsConditional);
        Dropped(dropped, "conditional_lost");
        _tentative = null;
        NotifyHost(tentative: true, confirmed: false);
    }

    /// <summary>
    /// Another writer (a second activation during a failover, say) landed a command whose events
    /// are pending here: they would be appended twice. Only events raised before the command id
    /// reached the log qualify; a later raise under the same id is a new event of that command.
    /// </summary>
    private void DropCommandsAlreadyInLog()
    {
        var removed = _pending.RemoveAll(p =>
        {
            if (!p.MayDuplicateOtherWriter || p.Context.CommandId is not { } id || !_recentCommands.TryGet(id, out _)) return false;
            p.Promise?.TrySetResult(true);
            return true;
        });
        if (removed == 0) return;
        EventStoreMetrics.EventsDropped.Add(removed, EventStoreMetrics.Reason("duplicate_of_landed_command"));
        LogDuplicatesDropped(_logger, StreamKey, removed);
        _tentative = null;
    }

    /// <summary>
    /// A write failed with <paramref name="e"/>. Dropped, with their callers told: conditional
    /// events, events a confirm was waiting for, and everything when retrying cannot help. Kept
    /// for the background retry: unconditional events nobody waits for yet, when the store may
    /// take them later (a retry is safe: the script's deadline and the event ids in doubt see to it).
    /// </summary>
    private void FailPending(Exception e)
    {
        if (_pending.Count == 0) return;
        var (first, last) = (_pending[0].Sequence, _pending[^1].Sequence);
        foreach (var w in _waiters)
            if (w.Covers(first, last)) w.Fail(e);
        var retryable = e is EventStoreUnavailableException or EventStoreOutcomeUnknownException or EventStoreConflictException;
        var dropped = 0;
        _pending.RemoveAll(p =>
        {
            if (retryable && !p.IsConditional && !_waiters.Any(w => w.Covers(p.Sequence, p.Sequence))) return false;
            p.Promise?.TrySetException(e);
            if (p.EventId is { } id && e is not EventStoreOutcomeUnknownException) _inDoubt.Remove(id);
            dropped++;
            return true;
        });
        if (dropped > 0) Dropped(dropped, "store_error", e);
        _tentative = null;
        NotifyHost(tentative: true, confirmed: false);
        if (_pending.Count > 0) RetryInBackground(e);
    }

    private void Dropped(int count, string reason, Exception? cause = null)
    {
        EventStoreMetrics.EventsDropped.Add(count, EventStoreMetrics.Reason(reason));
        LogEventsDropped(_logger, cause, StreamKey, count, reason);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "An append to '{StreamKey}' got no answer from Redis; checking the log for its outcome")]
    private static partial void LogAppendFailed(ILogger logger, Exception exception, string streamKey);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis refused an append to '{StreamKey}' before running it ({Reason}); sending it again")]
    private static partial void LogAppendRefused(ILogger logger, string reason, string streamKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The outcome of an append to '{StreamKey}' could not be checked within the operation timeout; the caller is told it is unknown")]
    private static partial void LogOutcomeCheckFailed(ILogger logger, Exception exception, string streamKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped {Count} raised event(s) of '{StreamKey}' unwritten ({Reason}); their callers were told")]
    private static partial void LogEventsDropped(ILogger logger, Exception? exception, string streamKey, int count, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dropped {Count} pending event(s) of '{StreamKey}': another writer already landed their command")]
    private static partial void LogDuplicatesDropped(ILogger logger, string streamKey, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "The store lost acknowledged events of '{StreamKey}': this writer confirmed version {Version} (entry {EntryId}) but the log's newest version is {LogVersion}. Nothing appended; re-reading the log")]
    private static partial void LogLostEvents(ILogger logger, string streamKey, int version, string? entryId, int logVersion);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not re-read '{StreamKey}' after it lost events; the next operation tries again")]
    private static partial void LogRereadFailed(ILogger logger, Exception exception, string streamKey);

    [LoggerMessage(Level = LogLevel.Error, Message = "The grain's reducer threw on entry {EntryId} of '{StreamKey}' after it was appended; the view will be rebuilt from the log")]
    private static partial void LogReducerFailedAfterAppend(ILogger logger, Exception exception, string streamKey, string entryId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "An append to '{StreamKey}' was refused as past its deadline although it returned quickly: the server clock offset ({OffsetMs} ms) is stale; measuring again")]
    private static partial void LogClockOffsetStale(ILogger logger, string streamKey, long offsetMs);
}
