using System.Reflection;

namespace RedisEventSourcing.Serialization;

/// <summary>
/// The rule naming an event type on the wire: its <see cref="EventTypeAttribute"/> name, else its
/// class name (<see cref="Type.Name"/>: a nested class by its own name, without its outer class).
/// </summary>
internal static class EventWireName
{
    /// <returns>The wire name, or null for a generic type without the attribute.</returns>
    public static string? Of(Type type)
    {
        var attribute = type.GetCustomAttribute<EventTypeAttribute>(inherit: false);
        if (attribute is not null) return attribute.Name;
        // Type.Name of a generic type carries only its arity (Tagged`1): one name for every
        // instantiation, and nothing another program could map back to type arguments.
        return type.IsGenericType ? null : type.Name;
    }

    public static int SchemaOf(Type type) => type.GetCustomAttribute<EventTypeAttribute>(inherit: false)?.Schema ?? 1;
}
