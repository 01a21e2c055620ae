using StackExchange.Redis;

namespace RedisEventSourcing.Storage;

/// <summary>
/// Turns what StackExchange.Redis throws into the store's typed, caller-facing errors: one line
/// saying what failed, whether anything was applied and what to do. The Redis exception is neither
/// kept as inner exception (it crosses the Orleans wire, which has no codec for its types) nor
/// quoted whole (its message carries a page of diagnostics: endpoints, IOCP, pool and connection
/// counters); callers log it in the silo before wrapping it. Each error made here is counted
/// (<c>es.store.errors</c>, by <c>error.type</c>): one per caller told.
/// </summary>
internal static class StoreErrors
{
    private const int MaxServerMessage = 200;

    public static bool IsRedisFailure(Exception e) => e is RedisException or TimeoutException or ObjectDisposedException;

    /// <summary>
    /// A server error Redis answers before it runs a command: the slot moved or is migrating
    /// (MOVED, ASK, TRYAGAIN, also as StackExchange.Redis words a MOVED it was told not to
    /// follow), the cluster is down, the data set is loading. A script refused so never ran.
    /// </summary>
    public static bool RefusedBeforeRunning(Exception e) =>
        e is RedisServerException { Message: var m }
        && (m.StartsWith("MOVED ", StringComparison.Ordinal) || m.StartsWith("ASK ", StringComparison.Ordinal)
            || m.StartsWith("Key has MOVED", StringComparison.Ordinal) || m.StartsWith("TRYAGAIN", StringComparison.Ordinal)
            || m.StartsWith("CLUSTERDOWN", StringComparison.Ordinal) || m.StartsWith("LOADING", StringComparison.Ordinal));

    public static EventStoreException ReadFailed(string key, Exception e)
    {
        if (e is EventStoreException known) return known;
        EventStoreMetrics.StoreError(ErrorTypes.Unavailable, Operations.Read);
        return new EventStoreUnavailableException($"Could not read '{key}': {Summary(e)}. Nothing was applied; retry once Redis answers again.", null);
    }

    public static EventStoreUnavailableException NotAppended(string key, string why)
    {
        EventStoreMetrics.StoreError(ErrorTypes.Unavailable, Operations.Append);
        return new($"Nothing was appended to '{key}': {why}. The command can be retried.", null);
    }

    public static EventStoreOutcomeUnknownException OutcomeUnknown(string key, DateTimeOffset deadline, Exception e)
    {
        EventStoreMetrics.StoreError(ErrorTypes.OutcomeUnknown, Operations.Append);
        return new($"The append to '{key}' was sent but {Summary(e)}, so it may or may not be in the log "
            + $"(it cannot land after {deadline.UtcDateTime:HH:mm:ss.fff} UTC): retry with the same command id, "
            + "which appends nothing twice, or read the user back.", null);
    }

    /// <summary>What went wrong with Redis in a few words, without StackExchange.Redis' diagnostic dump.</summary>
    public static string Summary(Exception e) => e switch
    {
        RedisTimeoutException or TimeoutException when e.Message.StartsWith("Redis did not answer", StringComparison.Ordinal) => FirstSentence(e.Message),
        RedisTimeoutException or TimeoutException => "Redis did not answer in time",
        RedisConnectionException connection => $"no connection to Redis ({connection.FailureType})",
        // A server error is short and tells what to fix (LOADING, MISCONF, READONLY, NOPERM...).
        RedisServerException server => $"Redis refused the command ({Shorten(FirstLine(server.Message))})",
        ObjectDisposedException => "the connection to Redis was closed",
        _ => Shorten(FirstLine(e.Message)),
    };

    private static string FirstLine(string message) => message.Split('\n', 2)[0].TrimEnd('\r', ' ', '.');

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return (end < 0 ? message : message[..end]).TrimEnd('.');
    }

    private static string Shorten(string text) => text.Length <= MaxServerMessage ? text : text[..MaxServerMessage] + "…";

    public static EventStoreOutcomeUnknownException NotReplicated(string key, int acknowledged, int required, TimeSpan timeout)
    {
        EventStoreMetrics.StoreError(ErrorTypes.NotReplicated, Operations.Append);
        return new($"The append to '{key}' is in the master's log, but only {acknowledged} of the {required} replica acknowledgement(s) required "
            + $"came within {timeout.TotalMilliseconds:0} ms: a failover before a replica catches up could still lose it. "
            + "Read the user back (or retry with the same command id) to see whether it stayed.", null);
    }

    /// <summary>The append's answer was lost, and the log shows it landed: but no WAIT said how many replicas hold it.</summary>
    public static EventStoreOutcomeUnknownException ReplicationUnknown(string key, int required)
    {
        EventStoreMetrics.StoreError(ErrorTypes.NotReplicated, Operations.Append);
        return new($"The append to '{key}' is in the master's log, but its answer was lost, so whether the {required} replica acknowledgement(s) required came is not known: "
            + "a failover before a replica catches up could still lose it. Read the user back (or retry with the same command id) to see whether it stayed.", null);
    }

    /// <summary>The values of the <c>error.type</c> tag: one per kind of <see cref="EventStoreException"/>.</summary>
    public static class ErrorTypes
    {
        public const string Unavailable = "unavailable";
        public const string OutcomeUnknown = "outcome_unknown";
        public const string NotReplicated = "not_replicated";
        public const string Conflict = "conflict";
        public const string LostEvents = "lost_events";
        public const string Rejected = "rejected";
        public const string Corrupt = "corrupt";
    }

    /// <summary>The values of the <c>operation</c> tag.</summary>
    public static class Operations
    {
        public const string Append = "append";
        public const string Read = "read";
    }
}
