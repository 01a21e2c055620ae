namespace RedisEventSourcing.Serialization;

/// <summary>
/// Turns the payload of one event type from schema <see cref="FromSchema"/> into schema
/// <c>FromSchema + 1</c> as it is read. The stored entry is never rewritten. Upcasters are found
/// next to the event types (public classes with a parameterless constructor) and chain step by step.
/// </summary>
public interface IEventUpcaster
{
    /// <summary>The event's wire name (<c>type</c>).</summary>
    string EventType { get; }

    int FromSchema { get; }

    /// <summary>Rewrites the payload fields in place (metadata fields are not passed).</summary>
    void Upcast(IDictionary<string, string> payload);
}
