namespace Grains.Interfaces;

/// <summary>One event of a user's log as the audit trail shows it.</summary>
/// <param name="Payload">The event's payload fields as stored (after upcasting to today's schema).</param>
/// <param name="Metadata">The entry's <c>_</c>-prefixed fields, without the underscore (event_id, schema, command_id, correlation_id, causation_id, actor, and traceparent for a traced command).</param>
[GenerateSerializer, Immutable]
public sealed record UserHistoryEntry(
    [property: Id(0)] int Version,
    [property: Id(1)] string EntryId,
    [property: Id(2)] DateTimeOffset Timestamp,
    [property: Id(3)] string Type,
    [property: Id(4)] IReadOnlyDictionary<string, string> Payload,
    [property: Id(5)] IReadOnlyDictionary<string, string> Metadata);
