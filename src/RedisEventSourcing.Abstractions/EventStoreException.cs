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
