using System.Reflection;
using Grains.Users;
using RedisEventSourcing.Options;

namespace ReadBench;

/// <summary>
/// The provider's own <c>EntryEncoder</c> (with the registry the user grain gets) and event-id
/// generator, reached by reflection because they are internal (as ReplayBench reaches the decoder):
/// the loaded entries are byte for byte what the grain writes for the same event, not a copy of the
/// wire format that could drift from it.
/// </summary>
public sealed class ProductEntryEncoder
{
    private readonly object _encoder;
    private readonly MethodInfo _encode;
    private readonly object _emptyContext;
    private readonly Func<string> _newEventId;

    public ProductEntryEncoder()
    {
        var assembly = typeof(RedisStreamsLogOptions).Assembly;
        var registryType = assembly.GetType("RedisEventSourcing.Serialization.EventTypeRegistry", throwOnError: true)!;
        var encoderType = assembly.GetType("RedisEventSourcing.Serialization.EntryEncoder", throwOnError: true)!;
        var contextType = assembly.GetType("RedisEventSourcing.Serialization.CommandContextSnapshot", throwOnError: true)!;
        var registry = registryType.GetMethod("For", BindingFlags.Public | BindingFlags.Static)!.Invoke(null, [typeof(UserEvent), typeof(UserGrain)]);
        _encoder = Activator.CreateInstance(encoderType, registry, new RedisStreamsLogOptions().MaxEventBytes)!;
        _encode = encoderType.GetMethod("Encode")!;
        _emptyContext = contextType.GetField("Empty", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
        _newEventId = contextType.GetMethod("NewEventId", BindingFlags.Public | BindingFlags.Static)!.CreateDelegate<Func<string>>();
    }

    /// <summary>The entry's fields in order: type, payload, _version, _event_id, _schema (no command metadata nor trace context: the bench sets none).</summary>
    public List<KeyValuePair<string, string>> Encode(UserEvent e, int version) =>
        (List<KeyValuePair<string, string>>)_encode.Invoke(_encoder, [e, version, _newEventId(), _emptyContext, null])!;
}
