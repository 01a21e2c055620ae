using System.Diagnostics;
using System.Globalization;

namespace RedisEventSourcing.Serialization;

/// <summary>What the caller's context adds to every event of one command.</summary>
internal sealed record CommandContextSnapshot(string? CommandId, string? CorrelationId, string? CausationId, string? Actor)
{
    /// <summary>
    /// The caller's span, when one was current and recorded (sampled) as the event was raised: the
    /// append's span joins its trace. Default when tracing is off or the call was not sampled.
    /// </summary>
    public ActivityContext Trace { get; init; }

    public static readonly CommandContextSnapshot Empty = new(null, null, null, null);

    /// <summary>
    /// Reads the caller's metadata. Nothing is invented here: an absent value costs no bytes in
    /// every entry (callers such as the CLI generate a correlation id themselves).
    /// </summary>
    public static CommandContextSnapshot Capture()
    {
        var commandId = Orleans.Runtime.RequestContext.Get(CommandMetadata.CommandIdKey) as string;
        var correlationId = Orleans.Runtime.RequestContext.Get(CommandMetadata.CorrelationIdKey) as string;
        var causationId = Orleans.Runtime.RequestContext.Get(CommandMetadata.CausationIdKey) as string;
        var actor = Orleans.Runtime.RequestContext.Get(CommandMetadata.ActorKey) as string;
        // One field read when tracing is off: no Activity is current.
        var trace = Activity.Current is { Recorded: true } caller ? caller.Context : default;
        return commandId is null && correlationId is null && causationId is null && actor is null && trace == default
            ? Empty
            : new(commandId, correlationId, causationId, actor) { Trace = trace };
    }

    /// <summary>A unique event id: a UUIDv7 in unpadded base64url (22 characters, stored in every entry).</summary>
    public static string NewEventId()
    {
        // A UUIDv7 (RFC 9562): 48-bit Unix ms, then 74 random bits. Guid.CreateVersion7 reads
        // /dev/urandom on every call (perf: a syscall per event); an id needs uniqueness, not
        // secrecy, so the random bits come from Random.Shared (xoshiro256**, seeded by the OS).
        Span<byte> bytes = stackalloc byte[16];
        Random.Shared.NextBytes(bytes[6..]);
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(bytes[..8], (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() << 16) | System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(bytes[6..8]));
        bytes[6] = (byte)(0x70 | (bytes[6] & 0x0F));
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
        return System.Buffers.Text.Base64Url.EncodeToString(bytes);
    }
}

/// <summary>Lays one event out as the flat field list of its stream entry: type, payload, metadata.</summary>
internal sealed class EntryEncoder(EventTypeRegistry registry, int maxEventBytes)
{
    /// <param name="traceParent">
    /// W3C <c>traceparent</c> of the span the event was appended under, or null (tracing off, or not
    /// sampled): written as <c>_traceparent</c> so a projection's apply joins the command's trace.
    /// </param>
    public List<KeyValuePair<string, string>> Encode(object @event, int version, string eventId, CommandContextSnapshot context, string? traceParent = null)
    {
        var codec = registry.CodecFor(@event.GetType());
        var fields = new List<KeyValuePair<string, string>>(codec.FieldCount + 8) { new(WireFields.Type, codec.WireName) };
        codec.Encode(@event, fields);
        fields.Add(new(WireFields.Version, version.ToString(CultureInfo.InvariantCulture)));
        fields.Add(new(WireFields.EventId, eventId));
        fields.Add(new(WireFields.Schema, codec.Schema.ToString(CultureInfo.InvariantCulture)));
        if (context.CommandId is not null) fields.Add(new(WireFields.CommandId, context.CommandId));
        if (context.CorrelationId is not null) fields.Add(new(WireFields.CorrelationId, context.CorrelationId));
        if (context.CausationId is not null) fields.Add(new(WireFields.CausationId, context.CausationId));
        if (context.Actor is not null) fields.Add(new(WireFields.Actor, context.Actor));
        CheckSize(codec.WireName, fields);
        // After the size check: whether an event fits must not depend on whether its command was sampled.
        if (traceParent is not null) fields.Add(new(WireFields.TraceParent, traceParent));
        return fields;
    }

    private void CheckSize(string wireName, List<KeyValuePair<string, string>> fields)
    {
        // UTF-8 takes at most 3 bytes per UTF-16 char: count exactly only when that bound is over the limit.
        var chars = 0;
        foreach (var f in fields) chars += f.Key.Length + f.Value.Length;
        if (chars * 3 <= maxEventBytes) return;
        var bytes = 0;
        foreach (var f in fields) bytes += System.Text.Encoding.UTF8.GetByteCount(f.Key) + System.Text.Encoding.UTF8.GetByteCount(f.Value);
        if (bytes > maxEventBytes)
            throw new ArgumentException($"Event {wireName} is {bytes} bytes encoded; the limit ({nameof(Options.RedisStreamsLogOptions.MaxEventBytes)}) is {maxEventBytes}.");
    }
}
