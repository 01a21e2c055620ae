using RedisEventSourcing.Diagnostics;

namespace RedisEventSourcing.Storage;

/// <summary>
/// Group commit: while <see cref="InFlightLimit.Current"/> append script calls of this group are
/// in flight, appends from other grains queue up and then go together in the next call. A group is
/// every grain on a standalone Redis, or one partition (one hash slot) on Redis Cluster. A lone
/// append is sent at once, so batching costs no latency when idle. Each grain has at most one
/// append in flight, so no stream's appends are reordered. The limit is fixed, or adapts to the
/// store's round trips and the appends' own latency (<see cref="InFlightLimit"/>).
/// </summary>
internal sealed class AppendQueue(EventStreamStore store, InFlightLimit limit)
{
    private const int MaxStreamsPerCall = 64;
    private readonly object _lock = new();
    private readonly List<Queued> _queued = [];
    private int _inFlight;

    /// <summary>Calls this queue may have in flight now.</summary>
    public int Limit
    {
        get
        {
            lock (_lock) return limit.Current;
        }
    }

    public Task<AppendResult> AppendAsync(AppendRequest request)
    {
        // Continuations need no forcing off this thread: every awaiter is a grain turn, which the
        // grain's own scheduler runs, so completing inline costs one hop less per append.
        var queued = new Queued(request, new TaskCompletionSource<AppendResult>(), System.Diagnostics.Stopwatch.GetTimestamp());
        List<Queued>? batch = null;
        var alone = false;
        lock (_lock)
        {
            _queued.Add(queued);
            if (_inFlight < limit.Current)
            {
                alone = _inFlight++ == 0;
                batch = TakeBatch();
            }
        }
        // The first send happens inline; every await in SendAsync leaves the grain's scheduler
        // (ConfigureAwait(false)), since a call serves many grains.
        if (batch is not null) SendWithoutCallerContext(batch, alone);
        return queued.Completion.Task;
    }

    /// <summary>
    /// Starts a call with none of this caller's execution context: every later call is started from
    /// this one's completion, so the chain would otherwise carry the first caller's context (its
    /// request context, its current span) for as long as the queue stays busy, and every await in it
    /// would restore that context on its thread.
    /// </summary>
    private void SendWithoutCallerContext(List<Queued> batch, bool alone)
    {
        // SuppressFlow throws when flow is already suppressed (a caller running without context).
        if (ExecutionContext.IsFlowSuppressed())
        {
            _ = SendAsync(batch, alone);
            return;
        }
        using (ExecutionContext.SuppressFlow()) _ = SendAsync(batch, alone);
    }

    /// <summary>
    /// Takes back an append that is still queued (no call carries it yet), for a caller whose time
    /// is up: it is then certain that it never reaches Redis. False once it is on the wire.
    /// </summary>
    public bool TryWithdraw(AppendRequest request)
    {
        lock (_lock)
        {
            var index = _queued.FindIndex(q => ReferenceEquals(q.Request, request));
            if (index < 0) return false;
            _queued.RemoveAt(index);
            return true;
        }
    }

    private async Task SendAsync(List<Queued> batch, bool alone)
    {
        EventStoreMetrics.CallsInFlight.Record(Volatile.Read(ref _inFlight));
        AppendResult[]? results = null;
        Exception? failure = null;
        var requests = batch.ConvertAll(q => q.Request);
        var spans = ScriptCallTracing.Start(requests);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            results = await store.AppendManyAsync(requests).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            failure = e;
        }
        ScriptCallTracing.Stop(spans, results, failure);

        var roundTripMs = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var latencySumMs = LatencySumMs(batch);

        // Hand the slot to whatever queued meanwhile before waking this batch's grains, so Redis
        // gets its next call without waiting for those wake-ups; a limit that grew starts more.
        List<(List<Queued> Batch, bool Alone)>? next = null;
        lock (_lock)
        {
            // A failed call says nothing about the store's speed (a timeout is the operation deadline).
            if (failure is null) limit.OnCallCompleted(roundTripMs, alone, demand: _queued.Count > 0, batch.Count, latencySumMs);
            _inFlight--;
            while (_queued.Count > 0 && _inFlight < limit.Current)
            {
                var first = _inFlight++ == 0;
                (next ??= []).Add((TakeBatch(), first));
            }
            // Nothing in flight and nothing queued: the load the limit measured has gone.
            if (_inFlight == 0) limit.OnIdle();
        }
        if (next is not null) foreach (var (b, first) in next) _ = SendAsync(b, first);

        for (var i = 0; i < batch.Count; i++)
        {
            if (failure is null) batch[i].Completion.TrySetResult(results![i]);
            else batch[i].Completion.TrySetException(failure);
        }
    }

    /// <summary>
    /// How long the batch's appends took in all, from being queued to now: the wait for a slot and
    /// the call, which is what fewer or more calls in flight trade against each other.
    /// </summary>
    private static double LatencySumMs(List<Queued> batch)
    {
        var now = System.Diagnostics.Stopwatch.GetTimestamp();
        long ticks = 0;
        foreach (var q in batch) ticks += now - q.Enqueued;
        return ticks * 1000.0 / System.Diagnostics.Stopwatch.Frequency;
    }

    /// <summary>Under <see cref="_lock"/>: the oldest queued appends, at most one call's worth.</summary>
    private List<Queued> TakeBatch()
    {
        var take = Math.Min(_queued.Count, MaxStreamsPerCall);
        var batch = _queued.GetRange(0, take);
        _queued.RemoveRange(0, take);
        return batch;
    }

    /// <param name="Enqueued">When it was queued (<see cref="System.Diagnostics.Stopwatch"/> ticks).</param>
    private sealed record Queued(AppendRequest Request, TaskCompletionSource<AppendResult> Completion, long Enqueued);
}
