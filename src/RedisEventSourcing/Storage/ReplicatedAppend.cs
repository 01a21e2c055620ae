using StackExchange.Redis;

namespace RedisEventSourcing.Storage;

/// <summary>
/// The append script followed by <c>WAIT numreplicas timeout</c>, for
/// <see cref="Options.RedisStreamsLogOptions.ReplicaAcknowledgements"/>. WAIT counts the replicas
/// that hold every write <em>this connection</em> made, so both commands go to one server, pinned:
/// the master that serves the keys' slot, on the multiplexer's one connection to it, pipelined in
/// that order. <see cref="CommandFlags.NoRedirect"/> keeps a moved slot from sending the script to
/// another master than the one WAIT asks: the MOVED error comes back instead, and nothing ran.
/// </summary>
internal static class ReplicatedAppend
{
    /// <summary>
    /// How long WAIT may block: <see cref="Options.RedisStreamsLogOptions.ReplicaAcknowledgementTimeout"/>,
    /// or less when the batch's earliest caller has less of its append window left (its script
    /// deadline, in server time). A WAIT that outlasts the window would turn a "not replicated"
    /// answer into "outcome unknown", and the connection it blocks would hold back that caller's
    /// outcome check too. A quarter of what is left (at most 250 ms) is kept for the round trip and
    /// the commands queued ahead on the connection. Never 0, which WAIT takes as "block for ever".
    /// </summary>
    public static TimeSpan WaitTimeout(RedisStreamsConnection connection, long earliestDeadlineServerMs)
    {
        var left = TimeSpan.FromMilliseconds(earliestDeadlineServerMs - connection.ServerNowMs());
        left -= TimeSpan.FromMilliseconds(Math.Min(250, Math.Max(0, left.TotalMilliseconds) / 4));
        var timeout = left < connection.Options.ReplicaAcknowledgementTimeout ? left : connection.Options.ReplicaAcknowledgementTimeout;
        return timeout < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : timeout;
    }

    public static async Task<(RedisResult Result, int Acknowledged)> RunAsync(
        RedisStreamsConnection connection, RedisKey[] keys, RedisValue[] args, string script, byte[] sha1, TimeSpan waitTimeout)
    {
        var server = connection.ServerFor(keys[0]);
        var (scriptTask, waitTask) = Send(server, connection, "EVALSHA", Convert.ToHexStringLower(sha1), keys, args, waitTimeout);
        RedisResult result;
        try
        {
            result = await scriptTask.ConfigureAwait(false);
        }
        catch (RedisServerException e) when (e.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
        {
            // Unknown script (first call, restart, failover): nothing ran; EVAL loads it, then WAIT again.
            (scriptTask, waitTask) = Send(server, connection, "EVAL", script, keys, args, waitTimeout);
            result = await scriptTask.ConfigureAwait(false);
        }
        var acknowledged = (long)(await waitTask.ConfigureAwait(false));
        return (result, (int)acknowledged);
    }

    private static (Task<RedisResult> Script, Task<RedisResult> Wait) Send(IServer server, RedisStreamsConnection connection, string command,
        string scriptOrSha, RedisKey[] keys, RedisValue[] args, TimeSpan waitTimeout)
    {
        var scriptArgs = new List<object>(2 + keys.Length + args.Length) { scriptOrSha, keys.Length };
        foreach (var key in keys) scriptArgs.Add(key);
        foreach (var arg in args) scriptArgs.Add(arg);
        var script = server.ExecuteAsync(command, scriptArgs, CommandFlags.NoRedirect);
        var wait = server.ExecuteAsync("WAIT", [connection.Options.ReplicaAcknowledgements, (long)Math.Ceiling(waitTimeout.TotalMilliseconds)], CommandFlags.NoRedirect);
        // When the script fails, nobody awaits this WAIT: observe its outcome so it is not reported as unobserved.
        _ = wait.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return (script, wait);
    }
}
