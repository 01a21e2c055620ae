using RedisEventSourcing.Serialization;

namespace RedisEventSourcing.Storage;

/// <summary>
/// What a grain may ask of its own log beyond what <c>JournaledGrain</c> exposes. A grain gets it by
/// implementing <see cref="IEventLogHost"/>; the adaptor hands it over when it is installed.
/// </summary>
public interface IEventLog
{
    /// <summary>The grain's stream key, <c>{prefix}:{pNN}:&lt;category&gt;:&lt;id&gt;</c>.</summary>
    string StreamKey { get; }

    /// <summary>Entry id of the newest confirmed event, null while the stream is empty.</summary>
    string? LastEntryId { get; }

    /// <summary>
    /// Whether a command with this idempotency key is among the recent confirmed events (the
    /// last <see cref="RecentCommandWindow"/> command ids), and the version its batch ended at.
    /// </summary>
    bool TryGetCommand(string commandId, out int version);

    /// <summary>How many distinct recent command ids <see cref="TryGetCommand"/> remembers.</summary>
    int RecentCommandWindow { get; }

    /// <summary>
    /// The confirmed events recorded under this command id, from the recent window (the 100
    /// versions up to where its last batch ended); empty when the id is not among the recent ones.
    /// A grain compares them with what a repeated call would raise, to tell a retry from another
    /// call that happens to carry the same id (an id propagated by a calling grain, say).
    /// </summary>
    Task<IReadOnlyList<RecordedEvent>> ReadCommandAsync(string commandId);

    /// <summary>Confirmed events with version in (<paramref name="afterVersion"/>, <paramref name="afterVersion"/> + <paramref name="maxCount"/>], with metadata.</summary>
    Task<IReadOnlyList<RecordedEvent>> ReadAsync(int afterVersion, int maxCount);
}

/// <summary>Past states, folded by the grain's own reducer from the nearest usable snapshot.</summary>
public interface IEventLog<TView> : IEventLog
{
    /// <summary>The state after exactly <paramref name="version"/> events (0 = the initial state).</summary>
    Task<(TView State, int Version)> ReadStateAtVersionAsync(int version);

    /// <summary>The state after every event whose entry id time is at or before <paramref name="instant"/>.</summary>
    Task<(TView State, int Version)> ReadStateAsOfAsync(DateTimeOffset instant);
}

/// <summary>Implemented by a grain that wants its <see cref="IEventLog"/>.</summary>
public interface IEventLogHost
{
    void AttachEventLog(IEventLog log);
}
