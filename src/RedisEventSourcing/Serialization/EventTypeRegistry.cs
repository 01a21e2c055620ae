using System.Collections.Concurrent;
using System.Reflection;

namespace RedisEventSourcing.Serialization;

/// <summary>
/// The event types (and their upcasters) one grain's log may hold, found by scanning the event
/// base type's assembly and the grain's assembly: every concrete subtype of the base carrying
/// <see cref="EventTypeAttribute"/> (or, when the base is not <c>object</c>, every concrete subtype,
/// named after its class).
/// </summary>
internal sealed class EventTypeRegistry
{
    private static readonly ConcurrentDictionary<(Type, Type), EventTypeRegistry> Cache = new();

    private readonly Dictionary<string, EventCodec> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<Type, EventCodec> _byType = new();
    private readonly Dictionary<(string, int), IEventUpcaster> _upcasters = new();

    private EventTypeRegistry(Type eventBase, Type hostType)
    {
        var assemblies = new[] { eventBase.Assembly, hostType.Assembly }.Distinct().ToArray();
        foreach (var type in assemblies.SelectMany(SafeTypes))
        {
            if (type.IsAbstract || type.IsGenericTypeDefinition || !eventBase.IsAssignableFrom(type))
                continue;
            var attribute = type.GetCustomAttribute<EventTypeAttribute>(inherit: false);
            if (attribute is null && eventBase == typeof(object))
                continue;
            var codec = new EventCodec(type, attribute?.Name ?? type.Name, attribute?.Schema ?? 1);
            if (_byName.TryGetValue(codec.WireName, out var clash))
                throw new InvalidOperationException($"Event types {clash.Type.FullName} and {type.FullName} share the wire name '{codec.WireName}'.");
            _byName.Add(codec.WireName, codec);
            _byType.Add(type, codec);
        }

        foreach (var type in assemblies.SelectMany(SafeTypes))
        {
            if (type.IsAbstract || !typeof(IEventUpcaster).IsAssignableFrom(type) || type.GetConstructor(Type.EmptyTypes) is null)
                continue;
            var upcaster = (IEventUpcaster)Activator.CreateInstance(type)!;
            if (!_byName.ContainsKey(upcaster.EventType))
                continue;
            if (!_upcasters.TryAdd((upcaster.EventType, upcaster.FromSchema), upcaster))
                throw new InvalidOperationException($"Two upcasters for '{upcaster.EventType}' schema {upcaster.FromSchema}.");
        }
    }

    public static EventTypeRegistry For(Type eventBase, Type hostType) =>
        Cache.GetOrAdd((eventBase, hostType), key => new EventTypeRegistry(key.Item1, key.Item2));

    public IReadOnlyCollection<EventCodec> Codecs => _byType.Values;

    public EventCodec CodecFor(Type eventType) =>
        _byType.TryGetValue(eventType, out var codec)
            ? codec
            : throw new InvalidOperationException($"Event type {eventType.FullName} has no wire name: give it [EventType(\"...\")] in an assembly the provider scans.");

    public bool TryGetCodec(string wireName, out EventCodec codec) => _byName.TryGetValue(wireName, out codec!);

    /// <summary>Brings a payload written under <paramref name="schema"/> up to the codec's schema; returns a problem or null.</summary>
    public string? Upcast(EventCodec codec, int schema, Dictionary<string, string> payload)
    {
        if (schema > codec.Schema)
            return $"schema {schema} of event type '{codec.WireName}' is newer than this program knows ({codec.Schema})";
        for (var s = schema; s < codec.Schema; s++)
        {
            if (!_upcasters.TryGetValue((codec.WireName, s), out var upcaster))
                return $"no upcaster from schema {s} of event type '{codec.WireName}'";
            upcaster.Upcast(payload);
        }
        return null;
    }

    private static IEnumerable<Type> SafeTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            return e.Types.Where(t => t is not null)!;
        }
    }
}
