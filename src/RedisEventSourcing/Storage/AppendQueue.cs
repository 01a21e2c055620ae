namespace RedisEventSourcing.Storage;

/// <summary>
/// Group commit: while <c>maxInFlight</c> append script calls of this group are in flight,
/// appends from other grains queue up and then go together in the next call. A group is every
/// grain on a standalone Redis, or one partition (one hash slot) on Redis Cluster. A lone append
/// is sent at once, so batching costs no latency when idle. Each grain has at most one append in
/// flight, so no stream's appends are reordered.
/// </summary>
internal sealed class AppendQueue(EventStreamStore store, int maxInFlight)
{
    private const int MaxStreamsPerCall = 64;
    private readonly object _lock = new();
    private readonly List<Queued> _queued = [];
    private int _inFlight;

    public Task<AppendResult> AppendAsync(AppendRequest request)
    {
        // Continuations need no forcing off this thread: every awaiter is a grain turn, which the
        // grain's own scheduler runs, so completing inline costs one hop less per append.
        var queued = new Queued(request, new TaskCompletionSource<AppendResult>());
        bool start;
        lock (_lock)
        {
            _queued.Add(queued);
            start = _inFlight < maxInFlight;
            if (start) _inFlight++;
        }
        // The first send happens inline; every await in the pump leaves the grain's scheduler
        // (ConfigureAwait(false)), since the pump serves every grain of the partition.
        if (start) _ = PumpAsync();
        return queued.Completion.Task;
    }

    private async Task PumpAsync()
    {
        while (true)
        {
            List<Queued> batch;
            lock (_lock)
            {
                if (_queued.Count == 0)
                {
                    _inFlight--;
                    return;
                }
                var take = Math.Min(_queued.Count, MaxStreamsPerCall);
                batch = _queued.GetRange(0, take);
                _queued.RemoveRange(0, take);
            }
            try
            {
                var results = await store.AppendManyAsync(batch.ConvertAll(q => q.Request)).ConfigureAwait(false);
                for (var i = 0; i < batch.Count; i++) batch[i].Completion.TrySetResult(results[i]);
            }
            catch (Exception e)
            {
                foreach (var q in batch) q.Completion.TrySetException(e);
            }
        }
    }

    private sealed record Queued(AppendRequest Request, TaskCompletionSource<AppendResult> Completion);
}
