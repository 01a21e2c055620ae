using System.Collections.Concurrent;
using System.Reflection;

namespace RedisEventSourcing.Serialization;

/// <summary>
/// The event types (and their upcasters) one grain's log may hold. At start-up it scans the event
/// base type's assembly and the grain's: every concrete subtype of the base carrying
/// <see cref="EventTypeAttribute"/> (or, when the base is not <c>object</c>, every concrete subtype,
/// named after its class); two of them sharing a name stop the grain there. Any other event type is
/// registered on first use: when raised, or when an entry names it (<see cref="EventTypeSearch"/>).
/// Shared by every activation of the grain class, so registration is locked.
/// </summary>
internal sealed class EventTypeRegistry
{
    private static readonly ConcurrentDictionary<(Type, Type), EventTypeRegistry> Cache = new();
    private static readonly ConcurrentDictionary<Assembly, IEventUpcaster[]> UpcastersByAssembly = new();

    private readonly ConcurrentDictionary<string, EventCodec> _byName = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Type, EventCodec> _byType = new();
    private readonly ConcurrentDictionary<(string, int), IEventUpcaster> _upcasters = new();
    private readonly ConcurrentDictionary<string, string> _unresolvable = new(StringComparer.Ordinal);
    private readonly Lock _registering = new();
    private readonly Type _eventBase;
    private readonly Assembly[] _scanned;
    private readonly EventTypeSearch _search;

    private EventTypeRegistry(Type eventBase, Type hostType)
    {
        _eventBase = eventBase;
        _search = new EventTypeSearch(eventBase, hostType);
        _scanned = new[] { eventBase.Assembly, hostType.Assembly }.Distinct().ToArray();
        foreach (var type in _scanned.SelectMany(EventTypeSearch.SafeTypes))
        {
            if (type.IsAbstract || type.IsGenericTypeDefinition || !eventBase.IsAssignableFrom(type))
                continue;
            var attribute = type.GetCustomAttribute<EventTypeAttribute>(inherit: false);
            if (attribute is null && eventBase == typeof(object))
                continue;
            Add(type, attribute?.Name ?? type.Name);
        }
    }

    public static EventTypeRegistry For(Type eventBase, Type hostType) =>
        Cache.GetOrAdd((eventBase, hostType), key => new EventTypeRegistry(key.Item1, key.Item2));

    /// <summary>The event types known so far (start-up scan, then first uses).</summary>
    public IReadOnlyCollection<EventCodec> Codecs => _byType.Values.ToArray();

    /// <exception cref="InvalidOperationException">The type cannot be given a wire name a reader would find again.</exception>
    public EventCodec CodecFor(Type eventType) =>
        _byType.TryGetValue(eventType, out var codec) ? codec : RegisterRaised(eventType);

    public bool TryGetCodec(string wireName, out EventCodec codec) => TryGetCodec(wireName, out codec, out _);

    /// <summary>The codec for an entry's <c>type</c>; <paramref name="problem"/> says why there is none.</summary>
    public bool TryGetCodec(string wireName, out EventCodec codec, out string? problem)
    {
        problem = null;
        if (_byName.TryGetValue(wireName, out codec!)) return true;
        if (_unresolvable.TryGetValue(wireName, out problem)) return false;
        lock (_registering)
        {
            if (_byName.TryGetValue(wireName, out codec!)) return true;
            var type = _search.Find(wireName, out problem);
            if (type is not null)
            {
                try
                {
                    codec = Add(type, wireName);
                    return true;
                }
                catch (InvalidOperationException e)
                {
                    problem = e.Message;
                }
            }
            problem ??= $"unknown event type '{wireName}'";
            _unresolvable[wireName] = problem;
            return false;
        }
    }

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

    /// <summary>
    /// A type raised for the first time gets its name only if reading that name finds this very
    /// type: otherwise its entries would stop the grain from activating after a restart.
    /// </summary>
    private EventCodec RegisterRaised(Type type)
    {
        lock (_registering)
        {
            if (_byType.TryGetValue(type, out var known)) return known;
            if (!_eventBase.IsAssignableFrom(type))
                throw new InvalidOperationException($"Event type {type.FullName} is not a {_eventBase.FullName}.");
            var name = EventWireName.Of(type) ?? throw new InvalidOperationException(
                $"Event type {type.FullName} is generic: one stable wire name cannot tell its instantiations apart. Raise a non-generic event type.");
            var found = _search.Find(name, out var problem);
            if (problem is not null) throw new InvalidOperationException(problem);
            if (found != type)
                throw new InvalidOperationException(found is null
                    ? $"Event type {type.FullName} would be written as '{name}', but a grain reading the log would not find it there " +
                      $"(assembly {type.Assembly.GetName().Name} is neither the grain's, the event base's, nor an Orleans application part of them). " +
                      "Move it, or give it [EventType(\"...\")] in an assembly the provider scans."
                    : $"Event types {found.FullName} and {type.FullName} share the wire name '{name}'; give them distinct names with [EventType(\"...\")].");
            _unresolvable.TryRemove(name, out _);
            return Add(type, name);
        }
    }

    private EventCodec Add(Type type, string name)
    {
        if (_byName.TryGetValue(name, out var clash))
            throw new InvalidOperationException($"Event types {clash.Type.FullName} and {type.FullName} share the wire name '{name}'.");
        var codec = new EventCodec(type, name, EventWireName.SchemaOf(type));
        foreach (var upcaster in _scanned.Append(type.Assembly).Distinct().SelectMany(Upcasters).Where(u => u.EventType == name))
        {
            if (!_upcasters.TryAdd((upcaster.EventType, upcaster.FromSchema), upcaster))
                throw new InvalidOperationException($"Two upcasters for '{upcaster.EventType}' schema {upcaster.FromSchema}.");
        }
        _byName[name] = codec;
        _byType[type] = codec;
        return codec;
    }

    private static IEventUpcaster[] Upcasters(Assembly assembly) =>
        UpcastersByAssembly.GetOrAdd(assembly, a => EventTypeSearch.SafeTypes(a)
            .Where(t => !t.IsAbstract && typeof(IEventUpcaster).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
            .Select(t => (IEventUpcaster)Activator.CreateInstance(t)!)
            .ToArray());
}
