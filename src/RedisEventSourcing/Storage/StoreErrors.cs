using StackExchange.Redis;

namespace RedisEventSourcing.Storage;

/// <summary>
/// Turns what StackExchange.Redis throws into the store's typed, caller-facing errors. The Redis
/// exception is summarised in the message, not kept as inner exception: it crosses the Orleans
/// wire to the caller, and Orleans has no codec for StackExchange.Redis types.
/// </summary>
internal static class StoreErrors
{
    public static bool IsRedisFailure(Exception e) => e is RedisException or TimeoutException or ObjectDisposedException;

    public static EventStoreException ReadFailed(string key, Exception e) => e switch
    {
        EventStoreException known => known,
        RedisTimeoutException or TimeoutException => new EventStoreUnavailableException($"Redis did not answer in time while reading '{key}': {e.Message}", null),
        _ => new EventStoreUnavailableException($"Redis is unavailable while reading '{key}': {e.Message}", null),
    };

    public static EventStoreUnavailableException NotAppended(string key, string why) =>
        new($"Nothing was appended to '{key}': {why}. The command can be retried.", null);

    public static EventStoreOutcomeUnknownException OutcomeUnknown(string key, DateTimeOffset deadline, Exception e) =>
        new($"The append to '{key}' was sent but Redis gave no answer ({e.Message}); the events may or may not be in the log. "
            + $"The script refuses to run after {deadline:O}, so the outcome is settled by then: retry with the same command id "
            + "(an id already in the log appends nothing twice) or read the user back.", null);

    public static EventStoreOutcomeUnknownException NotReplicated(string key, int acknowledged, int required, TimeSpan timeout) =>
        new($"The append to '{key}' is in the master's log, but only {acknowledged} of the {required} replica acknowledgement(s) required "
            + $"came within {timeout.TotalMilliseconds:0} ms: a failover before a replica catches up could still lose it. "
            + "Read the user back (or retry with the same command id) to see whether it stayed.", null);
}
