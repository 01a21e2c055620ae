namespace Grains.Interfaces;

/// <summary>What one item of a watch stream reports.</summary>
public enum UserWatchItemKind
{
    /// <summary>An event of the user's log, decoded as the user grain reads it.</summary>
    Event,

    /// <summary>The stream was cleared; the items that follow belong to the new log, from version 1.</summary>
    Cleared,

    /// <summary>An entry the user grain could not read (<see cref="UserWatchItem.Problem"/> says why); the watch goes on past it.</summary>
    Malformed,
}

/// <summary>
/// One entry of a user's stream as a watcher sees it.
/// </summary>
/// <param name="Version">The entry's <c>_version</c> (0 when a malformed entry has none).</param>
/// <param name="Type">The event's wire name, as the entry gives it (null if it has none).</param>
/// <param name="Payload">For an event, its fields after upcasting to today's schema; for a malformed entry, its raw fields.</param>
/// <param name="Metadata">The entry's <c>_</c> fields without the underscore (event_id, schema, command_id, correlation_id, causation_id, actor).</param>
[GenerateSerializer, Immutable]
public sealed record UserWatchItem(
    [property: Id(0)] UserWatchItemKind Kind,
    [property: Id(1)] int Version,
    [property: Id(2)] string EntryId,
    [property: Id(3)] DateTimeOffset Timestamp,
    [property: Id(4)] string? Type,
    [property: Id(5)] IReadOnlyDictionary<string, string> Payload,
    [property: Id(6)] IReadOnlyDictionary<string, string> Metadata,
    [property: Id(7)] string? Problem = null);
