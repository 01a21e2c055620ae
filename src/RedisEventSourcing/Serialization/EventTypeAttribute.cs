namespace RedisEventSourcing.Serialization;

/// <summary>
/// Gives an event record its stable wire name (the entry's <c>type</c> field) and the schema version
/// of its payload. The name must never change once events of this type are in a log.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class EventTypeAttribute(string name) : Attribute
{
    public string Name { get; } = name;

    /// <summary>Payload schema version written as <c>_schema</c>; raise it with an upcaster from the previous one.</summary>
    public int Schema { get; init; } = 1;
}

/// <summary>Overrides the snake_case wire name of an event property or public field.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
public sealed class WireFieldAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

/// <summary>
/// Names the aggregate category in a grain's stream key (<c>{prefix}:{pNN}:&lt;category&gt;:&lt;id&gt;</c>).
/// Without it the category is the grain class name without its <c>Grain</c> suffix, in lower case.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class EventStreamCategoryAttribute(string category) : Attribute
{
    public string Category { get; } = category;
}
