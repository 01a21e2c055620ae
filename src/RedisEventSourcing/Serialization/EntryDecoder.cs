using System.Globalization;
using StackExchange.Redis;

namespace RedisEventSourcing.Serialization;

/// <summary>
/// Reads one stream entry back into an event, refusing anything it cannot read faithfully.
/// One decoder serves one grain's adaptor (single-threaded), so it reuses its payload buffer.
/// </summary>
internal sealed class EntryDecoder(EventTypeRegistry registry)
{
    private readonly Dictionary<string, string> _buffer = new(StringComparer.Ordinal);

    /// <summary>The event with everything the audit trail shows (payload copied out).</summary>
    public RecordedEvent Decode(string streamKey, StreamEntry entry)
    {
        var read = Read(streamKey, entry);
        return new RecordedEvent(read.Event, read.Type, MetadataOf(read), new Dictionary<string, string>(_buffer, StringComparer.Ordinal));
    }

    /// <summary>The event and its metadata, without the payload copy (projections fold events, not payloads).</summary>
    public (object Event, EventMetadata Metadata) DecodeEvent(string streamKey, StreamEntry entry)
    {
        var read = Read(streamKey, entry);
        return (read.Event, MetadataOf(read));
    }

    private static EventMetadata MetadataOf(in DecodedEntry read) =>
        new(read.Version, read.EntryId, EventMetadata.TimestampOf(read.EntryId), read.EventId,
            read.Schema, read.CommandId, read.CorrelationId, read.CausationId, read.Actor, read.TraceParent);

    /// <summary>The replay path: just what folding needs, no per-entry copies kept.</summary>
    public DecodedEntry Read(string streamKey, StreamEntry entry)
    {
        var entryId = entry.Id.ToString();
        string? type = null, eventId = null, commandId = null, correlationId = null, causationId = null, actor = null, traceParent = null;
        int? version = null, schema = null;
        var payload = _buffer;
        payload.Clear();
        foreach (var pair in entry.Values)
        {
            var name = pair.Name.ToString();
            switch (name)
            {
                case WireFields.Type: type = pair.Value.ToString(); break;
                case WireFields.Version: version = ParsePositive(streamKey, entryId, name, pair.Value); break;
                case WireFields.Schema: schema = ParsePositive(streamKey, entryId, name, pair.Value); break;
                case WireFields.EventId: eventId = pair.Value.ToString(); break;
                case WireFields.CommandId: commandId = pair.Value.ToString(); break;
                case WireFields.CorrelationId: correlationId = pair.Value.ToString(); break;
                case WireFields.CausationId: causationId = pair.Value.ToString(); break;
                case WireFields.Actor: actor = pair.Value.ToString(); break;
                case WireFields.TraceParent: traceParent = pair.Value.ToString(); break;
                default:
                    // Unknown metadata is kept by the log and ignored here; unknown payload is refused by the codec.
                    if (!WireFields.IsMetadata(name) && !payload.TryAdd(name, pair.Value.ToString()))
                        throw Corrupt(streamKey, entryId, $"field '{name}' appears twice");
                    break;
            }
        }

        if (type is null) throw Corrupt(streamKey, entryId, $"missing field '{WireFields.Type}'");
        if (version is null) throw Corrupt(streamKey, entryId, $"missing field '{WireFields.Version}'");
        if (!registry.TryGetCodec(type, out var codec, out var unknown)) throw Corrupt(streamKey, entryId, unknown!);

        var effectiveSchema = schema ?? codec.Schema;
        var upcastProblem = registry.Upcast(codec, effectiveSchema, payload);
        if (upcastProblem is not null) throw Corrupt(streamKey, entryId, upcastProblem);
        var @event = codec.Decode(payload, out var problem);
        if (problem is not null) throw Corrupt(streamKey, entryId, problem);
        return new DecodedEntry(@event, type, version.Value, entryId, effectiveSchema, eventId, commandId, correlationId, causationId, actor, traceParent);
    }

    private static int ParsePositive(string key, string entryId, string field, RedisValue value) =>
        value.TryParse(out int n) && n > 0
            ? n
            : throw Corrupt(key, entryId, $"field '{field}' must be a positive integer, not '{value}'");

    public static EventStreamCorruptException Corrupt(string key, string entryId, string problem) => new(key, entryId, Bounded(problem));

    /// <summary>
    /// The problem as one short line: it quotes the entry's values, which another program may have
    /// written huge or with line breaks (a 50 KB <c>_version</c> made a 50 KB error, found by fuzzing).
    /// </summary>
    private static string Bounded(string problem)
    {
        const int Shown = 300;
        var line = string.Concat(problem.Take(Shown).Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
        return problem.Length <= Shown ? line : $"{line}… ({problem.Length} characters)";
    }
}

/// <summary>One decoded entry, as the replay loop folds it.</summary>
internal readonly record struct DecodedEntry(object Event, string Type, int Version, string EntryId, int Schema,
    string? EventId, string? CommandId, string? CorrelationId, string? CausationId, string? Actor, string? TraceParent = null);
