using Microsoft.Extensions.Logging;

namespace RedisEventSourcing.Storage;

internal sealed partial class RedisStreamsLogViewAdaptor<TView, TEntry>
{
    private int _snapshotVersion;

    /// <summary>Starts the view from the snapshot if it is usable; an unusable one should be replaced.</summary>
    private async Task<SnapshotOutcome> TryStartFromSnapshotAsync(OperationBudget? budget)
    {
        var options = _store.Connection.Options;
        if (options.SnapshotEvery == 0 && !options.SnapshotOnDeactivate) return SnapshotOutcome.Off;
        (Snapshot<TView>? Snapshot, string? Unusable) read;
        try
        {
            read = await _snapshots.TryReadAsync(budget);
        }
        catch (Exception e) when (StoreErrors.IsRedisFailure(e))
        {
            _storeFailing = true;
            _logger.ReadFailed(Redacted(e), StreamKey, _version);
            throw StoreErrors.ReadFailed(StreamKey, e);
        }
        if (read.Unusable is not null)
        {
            _logger.SnapshotUnusable(_snapshots.Key, read.Unusable);
            return Counted(SnapshotOutcome.Unusable);
        }
        if (read.Snapshot is not { } snapshot) return Counted(SnapshotOutcome.Miss);
        _confirmed = snapshot.State;
        _version = snapshot.Version;
        _snapshotVersion = snapshot.Version;
        LastEntryId = snapshot.EntryId;
        foreach (var (commandId, version) in snapshot.RecentCommands) _recentCommands.Record(commandId, version);
        return Counted(SnapshotOutcome.Hit);
    }

    private static SnapshotOutcome Counted(SnapshotOutcome outcome)
    {
        EventStoreMetrics.SnapshotReads.Add(1, EventStoreMetrics.Outcome(EventStoreMetrics.NameOf(outcome)));
        return outcome;
    }

    private void MaybeSnapshotInBackground()
    {
        var every = _store.Connection.Options.SnapshotEvery;
        if (every > 0 && _version - _snapshotVersion >= every)
            _ = WriteSnapshotAsync();
    }

    /// <summary>Never throws: a snapshot is an optimisation and must not fail the command that triggered it.</summary>
    private async Task WriteSnapshotAsync()
    {
        if (LastEntryId is null) return;
        var version = _version;
        try
        {
            var write = _snapshots.WriteAsync(_confirmed, version, LastEntryId, _recentCommands.Export());
            _snapshotVersion = version;
            await write;
            EventStoreMetrics.SnapshotsWritten.Add(1);
        }
        catch (Exception e)
        {
            _logger.SnapshotWriteFailed(Redacted(e), _snapshots.Key, version);
        }
    }
}
