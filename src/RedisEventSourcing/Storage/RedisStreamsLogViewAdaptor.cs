using Microsoft.Extensions.Logging;
using Orleans.EventSourcing;
using RedisEventSourcing.Serialization;

namespace RedisEventSourcing.Storage;

/// <summary>
/// Keeps a JournaledGrain's view in step with its Redis stream. Unlike Orleans' primary-based
/// adaptors, a failed append is not retried in the background: its events are dropped and the
/// caller gets a typed error, so a command reported as failed is never applied later.
/// All members run on the grain's scheduler; the gate orders reads and writes that interleave.
/// </summary>
internal sealed partial class RedisStreamsLogViewAdaptor<TView, TEntry> : ILogViewAdaptor<TView, TEntry>, IEventLog<TView>
    where TView : class, new()
    where TEntry : class
{
    private readonly ILogViewAdaptorHost<TView, TEntry> _host;
    private readonly ILogConsistencyProtocolServices _services;
    private readonly EventStreamStore _store;
    private readonly EntryEncoder _encoder;
    private readonly EntryDecoder _decoder;
    private readonly ILogger _logger;
    private readonly TView _initialState;
    private readonly string _feedKey;
    private readonly List<PendingEvent<TEntry>> _pending = [];
    private readonly List<ConfirmWaiter> _waiters = [];
    private long _lastSequence;
    private readonly RecentCommands _recentCommands = new(1024);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SnapshotStore<TView> _snapshots;

    private TView _confirmed;
    private int _version;
    private TView? _tentative;
    private bool _needsFullRead = true;
    // Set while the last entry known was read, not written by this activation: it may be another
    // program's plain XADD without a feed reference, so the next append asks the script to verify it.
    private bool _verifyLastEntry;
    private LogConsistencyStatistics? _stats;

    public RedisStreamsLogViewAdaptor(ILogViewAdaptorHost<TView, TEntry> host, TView initialState, ILogConsistencyProtocolServices services,
        EventStreamStore store, EventTypeRegistry registry, string streamKey, string feedKey, string snapshotKey, ILogger logger)
    {
        _host = host;
        _services = services;
        _store = store;
        _encoder = new EntryEncoder(registry, store.Connection.Options.MaxEventBytes);
        _decoder = new EntryDecoder(registry);
        _logger = logger;
        _initialState = services.DeepCopy(initialState);
        _confirmed = initialState;
        StreamKey = streamKey;
        _feedKey = feedKey;
        _snapshots = new SnapshotStore<TView>(store, snapshotKey, streamKey);
    }

    public string StreamKey { get; }

    public string? LastEntryId { get; private set; }

    public TView TentativeView => _pending.Count == 0 ? _confirmed : _tentative ??= ComputeTentative();

    public TView ConfirmedView => _confirmed;

    public int ConfirmedVersion => _version;

    public IEnumerable<TEntry> UnconfirmedSuffix => _pending.Select(p => p.Entry).ToArray();

    public int RecentCommandWindow => _recentCommands.Capacity;

    public bool TryGetCommand(string commandId, out int version) => _recentCommands.TryGet(commandId, out version);

    // Activation fails here (before the grain's OnActivateAsync) when the stream cannot be read.
    public Task PreOnActivate() => RunExclusive(ActivateAsync);

    public Task PostOnActivate() => Task.CompletedTask;

    public async Task PostOnDeactivate()
    {
        _deactivated = true;
        if (_pending.Count > 0)
        {
            try
            {
                await ConfirmSubmittedEntries();
            }
            catch (EventStoreException e)
            {
                _logger.DroppedOnDeactivation(Redacted(e), StreamKey, _version);
            }
        }
        // Not while the store is failing: the next call of this grain waits for the deactivation to
        // end before it can activate it again (a failed activation's caller even waits for its answer).
        if (_store.Connection.Options.SnapshotOnDeactivate && !_needsFullRead && !_storeFailing && _version > _snapshotVersion)
            await WriteSnapshotAsync();
    }

    public void Submit(TEntry entry)
    {
        Add(entry, PendingEvent<TEntry>.Unconditional, null);
        WriteInBackground();
    }

    public void SubmitRange(IEnumerable<TEntry> entries)
    {
        foreach (var entry in entries) Add(entry, PendingEvent<TEntry>.Unconditional, null);
        WriteInBackground();
    }

    public Task<bool> TryAppend(TEntry entry) => TryAppendRange([entry]);

    public Task<bool> TryAppendRange(IEnumerable<TEntry> entries)
    {
        var promise = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var position = _version + _pending.Count;
        var first = true;
        foreach (var entry in entries)
        {
            Add(entry, position++, first ? promise : null);
            first = false;
        }
        if (first) return Task.FromResult(true);
        // Failures reach the caller through the promise; no confirm waits here, so an unconditional
        // event of another caller that shares a failed batch stays pending for the background retry.
        _ = RunExclusive(WriteAllAsync).ContinueWith(t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously);
        return promise.Task;
    }

    public Task ConfirmSubmittedEntries()
    {
        Count("ConfirmSubmittedEntriesCalled");
        return _pending.Count == 0 ? Task.CompletedTask : ConfirmPendingAsync();
    }

    /// <summary>
    /// Waits until every event pending now is written or dropped. Another caller's write may be
    /// the one that fails (reentrant grains): this confirm then fails too if it dropped ours.
    /// </summary>
    private async Task ConfirmPendingAsync()
    {
        var waiter = new ConfirmWaiter(_pending[0].Sequence, _pending[^1].Sequence);
        _waiters.Add(waiter);
        try
        {
            await RunExclusive(WriteAllAsync);
        }
        finally
        {
            _waiters.Remove(waiter);
        }
        waiter.ThrowIfFailed();
    }

    public Task Synchronize()
    {
        Count("SynchronizeNowCalled");
        return RunExclusive(async () =>
        {
            if (_pending.Count > 0)
            {
                await WriteAllAsync();
                return;
            }
            // JournaledGrain.OnActivateAsync synchronizes right after the provider's activation read.
            var activating = ContinuesActivation(out var budget);
            await EnsureReadAsync(budget);
            if (activating) HandOn(budget);
        });
    }

    public Task<IReadOnlyList<TEntry>> RetrieveLogSegment(int fromVersion, int toVersion) =>
        RetrieveAsync(fromVersion, toVersion);

    private async Task<IReadOnlyList<TEntry>> RetrieveAsync(int fromVersion, int toVersion)
    {
        var events = await ReadAsync(fromVersion, toVersion - fromVersion);
        return events.Select(e => (TEntry)e.Event).ToArray();
    }

    public async Task<IReadOnlyList<RecordedEvent>> ReadCommandAsync(string commandId)
    {
        const int lookback = 100;
        if (!_recentCommands.TryGet(commandId, out var last)) return [];
        var from = Math.Max(0, last - lookback);
        var events = await ReadAsync(from, last - from);
        return events.Where(e => e.Metadata.CommandId == commandId).ToArray();
    }

    public async Task<IReadOnlyList<RecordedEvent>> ReadAsync(int afterVersion, int maxCount)
    {
        var result = new List<RecordedEvent>();
        if (maxCount <= 0) return result;
        // Seek instead of scanning from the start: a page deep into a long history costs O(log n) probes.
        var after = afterVersion <= 0 ? null : await ReadingAsync(() => EntryIdOfVersionAsync(afterVersion));
        if (afterVersion > 0 && after is null) return result;
        var pageSize = _store.Connection.Options.ReadPageSize;
        while (true)
        {
            var page = await ReadPage(after, Math.Min(pageSize, maxCount - result.Count));
            foreach (var entry in page)
            {
                var recorded = _decoder.Decode(StreamKey, entry);
                if (recorded.Metadata.Version <= afterVersion) continue;
                result.Add(recorded);
                if (result.Count == maxCount) return result;
            }
            if (page.Length == 0) return result;
            after = page[^1].Id.ToString();
        }
    }

    public void EnableStatsCollection() => _stats = new LogConsistencyStatistics { EventCounters = new(), StabilizationLatenciesInMsecs = [] };

    public void DisableStatsCollection() => _stats = null;

    public LogConsistencyStatistics? GetStats() => _stats;

    private void Add(TEntry entry, int conditionalPosition, TaskCompletionSource<bool>? promise)
    {
        var context = CommandContextSnapshot.Capture();
        _pending.Add(new PendingEvent<TEntry>(entry, conditionalPosition, promise, context, ++_lastSequence)
        {
            MayDuplicateOtherWriter = context.CommandId is { } id && !_recentCommands.TryGet(id, out _),
        });
        if (_tentative is not null) Apply(_tentative, entry, nameof(Add));
        NotifyHost(tentative: true, confirmed: false);
    }

    private TView ComputeTentative()
    {
        var view = _services.DeepCopy(_confirmed);
        foreach (var p in _pending) Apply(view, p.Entry, nameof(ComputeTentative));
        return view;
    }

    private void Apply(TView view, TEntry entry, string where)
    {
        try
        {
            _host.UpdateView(view, entry);
        }
        catch (Exception e)
        {
            _services.CaughtUserCodeException("UpdateView", where, e);
        }
    }

    private void NotifyHost(bool tentative, bool confirmed)
    {
        try
        {
            _host.OnViewChanged(tentative, confirmed);
        }
        catch (Exception e)
        {
            _services.CaughtUserCodeException("OnViewChanged", nameof(NotifyHost), e);
        }
    }

    private async Task RunExclusive(Func<Task> operation)
    {
        await _gate.WaitAsync();
        try
        {
            await operation();
        }
        finally
        {
            _gate.Release();
        }
    }

    private void Count(string counter)
    {
        if (_stats is null) return;
        _stats.EventCounters.TryGetValue(counter, out var n);
        _stats.EventCounters[counter] = n + 1;
    }

    /// <summary>A Redis failure as a log line may carry it: without the password or user name.</summary>
    private Exception Redacted(Exception e) => Options.RedisSecrets.Redact(e, _store.Connection.Options.ConfigurationOptions);
}
