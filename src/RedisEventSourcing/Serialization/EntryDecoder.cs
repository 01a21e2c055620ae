using System.Globalization;
using StackExchange.Redis;

namespace RedisEventSourcing.Serialization;

/// <summary>Reads one stream entry back into an event, refusing anything it cannot read faithfully.</summary>
internal sealed class EntryDecoder(EventTypeRegistry registry)
{
    public RecordedEvent Decode(string streamKey, StreamEntry entry)
    {
        var entryId = entry.Id.ToString();
        string? type = null, eventId = null, commandId = null, correlationId = null, causationId = null, actor = null;
        int? version = null, schema = null;
        var payload = new Dictionary<string, string>(entry.Values.Length, StringComparer.Ordinal);
        foreach (var pair in entry.Values)
        {
            var name = pair.Name.ToString();
            var value = pair.Value.ToString();
            switch (name)
            {
                case WireFields.Type: type = value; break;
                case WireFields.Version: version = ParsePositive(streamKey, entryId, name, value); break;
                case WireFields.Schema: schema = ParsePositive(streamKey, entryId, name, value); break;
                case WireFields.EventId: eventId = value; break;
                case WireFields.CommandId: commandId = value; break;
                case WireFields.CorrelationId: correlationId = value; break;
                case WireFields.CausationId: causationId = value; break;
                case WireFields.Actor: actor = value; break;
                default:
                    // Unknown metadata is kept by the log and ignored here; unknown payload is refused by the codec.
                    if (!WireFields.IsMetadata(name) && !payload.TryAdd(name, value))
                        throw Corrupt(streamKey, entryId, $"field '{name}' appears twice");
                    break;
            }
        }

        if (type is null) throw Corrupt(streamKey, entryId, $"missing field '{WireFields.Type}'");
        if (version is null) throw Corrupt(streamKey, entryId, $"missing field '{WireFields.Version}'");
        if (!registry.TryGetCodec(type, out var codec)) throw Corrupt(streamKey, entryId, $"unknown event type '{type}'");

        var effectiveSchema = schema ?? codec.Schema;
        var upcastProblem = registry.Upcast(codec, effectiveSchema, payload);
        if (upcastProblem is not null) throw Corrupt(streamKey, entryId, upcastProblem);
        var @event = codec.Decode(payload, out var problem);
        if (problem is not null) throw Corrupt(streamKey, entryId, problem);

        var metadata = new EventMetadata(version.Value, entryId, EventMetadata.TimestampOf(entryId), eventId,
            effectiveSchema, commandId, correlationId, causationId, actor);
        return new RecordedEvent(@event, type, metadata, payload);
    }

    private static int ParsePositive(string key, string entryId, string field, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw Corrupt(key, entryId, $"field '{field}' must be a positive integer, not '{value}'");

    public static EventStreamCorruptException Corrupt(string key, string entryId, string problem) => new(key, entryId, problem);
}
