using System.Reflection;
using StackExchange.Redis;

namespace RedisEventSourcing.Storage;

/// <summary>
/// The Redis commands of the log: page through a stream, and append a batch with the script.
/// Every call is bounded by <see cref="Options.RedisStreamsLogOptions.OperationTimeout"/>.
/// </summary>
internal sealed class EventStreamStore(RedisStreamsConnection connection)
{
    private static readonly string AppendScript = LoadScript("append.lua");
    private static readonly string ClearScript = LoadScript("clear.lua");
    private static readonly byte[] AppendScriptSha1 = System.Security.Cryptography.SHA1.HashData(System.Text.Encoding.UTF8.GetBytes(AppendScript));
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, AppendQueue> _queues = new();

    public RedisStreamsConnection Connection => connection;

    /// <summary>
    /// Entries strictly after <paramref name="afterEntryId"/> (or from <paramref name="fromEntryId"/>
    /// inclusive, or from the start), up to <paramref name="toEntryId"/> inclusive, oldest first.
    /// </summary>
    /// <param name="within">A shorter bound than the operation timeout: what is left of a caller's budget.</param>
    public async Task<StreamEntry[]> ReadPageAsync(string streamKey, string? afterEntryId, int count, string? toEntryId = null, string? fromEntryId = null, TimeSpan? within = null)
    {
        var db = await connection.GetDatabaseAsync();
        var from = afterEntryId is not null ? "(" + afterEntryId : fromEntryId ?? "-";
        return await Bounded(db.StreamRangeAsync(streamKey, from, toEntryId ?? "+", count), $"reading '{streamKey}'", within);
    }

    /// <summary>Entries newest first, from <paramref name="beforeEntryId"/> (inclusive; null = the end).</summary>
    public async Task<StreamEntry[]> ReadBackwardsAsync(string streamKey, string? beforeEntryId, int count)
    {
        var db = await connection.GetDatabaseAsync();
        return await Bounded(db.StreamRangeAsync(streamKey, "-", beforeEntryId ?? "+", count, Order.Descending), $"reading '{streamKey}'");
    }

    /// <summary>Appends through the group-commit queue of the request's group (the server, or its partition).</summary>
    public Task<AppendResult> AppendAsync(AppendRequest request)
    {
        var group = connection.ScriptsMaySpanSlots ? "" : request.FeedKey;
        if (!_queues.TryGetValue(group, out var queue))
            queue = _queues.GetOrAdd(group, _ => new AppendQueue(this, InFlightLimit.For(connection.Options)));
        return queue.AppendAsync(request);
    }

    /// <summary>Takes back an append its caller gave up on, if no script call carries it yet (see <see cref="AppendQueue.TryWithdraw"/>).</summary>
    public bool TryWithdraw(AppendRequest request) =>
        _queues.TryGetValue(connection.ScriptsMaySpanSlots ? "" : request.FeedKey, out var queue) && queue.TryWithdraw(request);

    /// <summary>One script call for several streams; on Redis Cluster all of one partition.</summary>
    public async Task<AppendResult[]> AppendManyAsync(IReadOnlyList<AppendRequest> requests)
    {
        var db = await connection.GetDatabaseAsync().ConfigureAwait(false);
        var keys = new RedisKey[requests.Count * 2];
        var size = 1;
        foreach (var r in requests) size += 4 + r.Events.Sum(e => 1 + e.Count * 2);
        // The flags trail the streams and are left out when none is set: the hot path sends what it always sent.
        var verify = requests.Any(r => r.VerifyLastEntry);
        if (verify) size += requests.Count;
        var args = new RedisValue[size];
        args[0] = connection.Options.FeedMaxLength;
        var pos = 1;
        for (var i = 0; i < requests.Count; i++)
        {
            var request = requests[i];
            keys[2 * i] = request.StreamKey;
            keys[2 * i + 1] = request.FeedKey;
            args[pos++] = request.ExpectedVersion;
            args[pos++] = request.ExpectedLastEntryId ?? "";
            args[pos++] = request.DeadlineServerMs;
            args[pos++] = request.Events.Count;
            foreach (var fields in request.Events)
            {
                args[pos++] = fields.Count * 2;
                foreach (var (name, value) in fields)
                {
                    args[pos++] = name;
                    args[pos++] = value;
                }
            }
        }
        if (verify)
            foreach (var request in requests) args[pos++] = request.VerifyLastEntry ? "1" : "0";
        RedisResult result;
        int? acknowledged = null;
        TimeSpan? waited = null;
        if (connection.Options.ReplicaAcknowledgements > 0)
        {
            waited = ReplicatedAppend.WaitTimeout(connection, requests.Min(r => r.DeadlineServerMs));
            (result, acknowledged) = await Bounded(ReplicatedAppend.RunAsync(connection, keys, args, AppendScript, AppendScriptSha1, waited.Value), $"appending to '{requests[0].StreamKey}'").ConfigureAwait(false);
        }
        else
        {
            try
            {
                // EVALSHA: the script's text is neither hashed nor sent per call.
                result = await Bounded(db.ScriptEvaluateAsync(AppendScriptSha1, keys, args), $"appending to '{requests[0].StreamKey}'").ConfigureAwait(false);
            }
            catch (RedisServerException e) when (e.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
            {
                // The server does not know the script (first call, restart, failover): nothing ran; EVAL loads it.
                result = await Bounded(db.ScriptEvaluateAsync(AppendScript, keys, args), $"appending to '{requests[0].StreamKey}'").ConfigureAwait(false);
            }
        }
        EventStoreMetrics.StreamsPerScriptCall.Record(requests.Count);
        var replies = (RedisResult[])result!;
        return replies.Select(r => AppendResult.Parse(r) with { ReplicasAcknowledged = acknowledged, ReplicaWait = waited }).ToArray();
    }

    /// <summary>
    /// Deletes a stream and its snapshot and marks the clear in the partition feed, atomically.
    /// Returns the last entry id and version cleared ('0-0' and 0 when there was nothing).
    /// </summary>
    public async Task<(string EntryId, int Version)> ClearAsync(string streamKey, string snapshotKey, string feedKey)
    {
        var db = await connection.GetDatabaseAsync();
        // Rare: EVAL with the text; StackExchange.Redis caches its SHA and sends EVALSHA after the first call.
        var result = (RedisResult[])(await Bounded(db.ScriptEvaluateAsync(ClearScript, [streamKey, snapshotKey, feedKey], [connection.Options.FeedMaxLength]), $"clearing '{streamKey}'"))!;
        return (result[0].ToString()!, int.Parse(result[1].ToString()!, System.Globalization.CultureInfo.InvariantCulture));
    }

    private async Task<T> Bounded<T>(Task<T> operation, string what, TimeSpan? within = null)
    {
        var timeout = within is { } w && w < connection.Options.OperationTimeout ? w : connection.Options.OperationTimeout;
        try
        {
            // The multiplexer has its own timeout; this one also holds for a shared multiplexer configured otherwise.
            return await operation.WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            // An abandoned command still completes or fails later: observe it, so nobody sees it unobserved.
            _ = operation.ContinueWith(static t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously);
            throw new TimeoutException($"Redis did not answer within {connection.Options.OperationTimeout.TotalSeconds:0.#}s while {what}.", e);
        }
    }

    private static string LoadScript(string name)
    {
        using var stream = typeof(EventStreamStore).Assembly.GetManifestResourceStream($"RedisEventSourcing.Scripts.{name}")
            ?? throw new InvalidOperationException($"Embedded script {name} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
