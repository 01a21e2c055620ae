namespace RedisEventSourcing;

/// <summary>Base of every error the Redis Streams event store reports to a caller.</summary>
[GenerateSerializer]
public abstract class EventStoreException : Exception
{
    protected EventStoreException(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>
/// Redis could not be reached or refused the operation. Nothing was appended: the command may be
/// retried as it is.
/// </summary>
[GenerateSerializer]
public sealed class EventStoreUnavailableException : EventStoreException
{
    public EventStoreUnavailableException(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>
/// The append was sent but no answer came back in time: the events may or may not be in the log.
/// Retry with the same command id (<see cref="CommandMetadata.CommandIdKey"/>) to be safe; a
/// command id already in the log appends nothing twice.
/// </summary>
[GenerateSerializer]
public sealed class EventStoreOutcomeUnknownException : EventStoreException
{
    public EventStoreOutcomeUnknownException(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>An entry of the log cannot be read (unknown type, missing or malformed field).</summary>
[GenerateSerializer]
public sealed class EventStreamCorruptException : EventStoreException
{
    public EventStreamCorruptException(string streamKey, string entryId, string problem)
        : base($"Cannot read entry {entryId} of stream '{streamKey}': {problem}")
    {
        StreamKey = streamKey;
        EntryId = entryId;
    }

    [Id(0)] public string StreamKey { get; }
    [Id(1)] public string EntryId { get; }
}

/// <summary>The stream kept moving under concurrent writers and the append gave up after its retries.</summary>
[GenerateSerializer]
public sealed class EventStoreConflictException : EventStoreException
{
    public EventStoreConflictException(string message) : base(message) { }
}

/// <summary>
/// The log no longer holds events this writer had seen confirmed: Redis restarted from an AOF that
/// missed the last writes (<c>appendfsync everysec</c>), failed over to a lagging replica, or the
/// key was deleted. Nothing was appended on top of the hole; the grain re-reads the log as it now
/// is. The lost events are gone from the store: operators should look at the durability settings.
/// </summary>
[GenerateSerializer]
public sealed class EventStoreLostEventsException : EventStoreException
{
    public EventStoreLostEventsException(string streamKey, int confirmedVersion, int logVersion)
        : base($"The store lost acknowledged events of '{streamKey}': this writer had confirmed version {confirmedVersion}, "
            + $"but the log no longer holds that entry (its newest version is {logVersion}). Nothing was appended; the log is re-read as it now is.")
    {
        StreamKey = streamKey;
        ConfirmedVersion = confirmedVersion;
        LogVersion = logVersion;
    }

    [Id(0)] public string StreamKey { get; }
    [Id(1)] public int ConfirmedVersion { get; }
    [Id(2)] public int LogVersion { get; }
}

/// <summary>
/// Redis refused this stream's append (for instance its key holds another type). Nothing was
/// appended, and retrying will not help until the key is fixed; other streams are not affected.
/// </summary>
[GenerateSerializer]
public sealed class EventStoreRejectedException : EventStoreException
{
    public EventStoreRejectedException(string message) : base(message) { }
}
