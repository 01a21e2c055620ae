using Microsoft.Extensions.Logging;

namespace RedisEventSourcing.Storage;

/// <summary>
/// <c>JournaledGrain.ClearLogAsync</c>: the log starts over. The stream and the snapshot go, a
/// <c>_cleared</c> marker goes to the partition feed (for the read side), the view returns to the
/// initial state at version 0, and later writes start again at version 1.
/// </summary>
internal sealed partial class RedisStreamsLogViewAdaptor<TView, TEntry>
{
    public async Task ClearLogAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        // Events raised before the call are discarded; those raised while it waits for a write in
        // flight to finish are the grain's first events after the clear.
        var discardThrough = _lastSequence;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            DiscardPendingThrough(discardThrough);
            (string EntryId, int Version) cleared;
            try
            {
                cleared = await _store.ClearAsync(StreamKey, _snapshots.Key, _feedKey);
            }
            catch (Exception e) when (StoreErrors.IsRedisFailure(e))
            {
                // The script is one atomic step: the log is either cleared or untouched; a re-read tells which.
                _needsFullRead = true;
                _logger.ReadFailed(Redacted(e), StreamKey, _version);
                throw StoreErrors.ReadFailed(StreamKey, e);
            }
            _confirmed = _services.DeepCopy(_initialState);
            _version = 0;
            _snapshotVersion = 0;
            LastEntryId = null;
            _recentCommands.Clear();
            _inDoubt.Clear();
            _needsFullRead = false;
            _tentative = null;
            _logger.Cleared(StreamKey, cleared.Version, cleared.EntryId);
            NotifyHost(tentative: true, confirmed: true);
        }
        finally
        {
            _gate.Release();
        }
        if (_pending.Count > 0) WriteInBackground();
    }

    private void DiscardPendingThrough(long sequence)
    {
        var discarded = _pending.RemoveAll(p =>
        {
            if (p.Sequence > sequence) return false;
            // The grain itself asked for its unconfirmed events to go: not a failure of the append.
            p.Promise?.TrySetResult(false);
            return true;
        });
        if (discarded == 0) return;
        Dropped(discarded, "log_cleared");
        _tentative = null;
    }
}
