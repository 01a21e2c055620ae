namespace RedisEventSourcing.Serialization;

/// <summary>The <c>_</c>-prefixed fields of one entry, plus what Redis itself says about it.</summary>
[GenerateSerializer, Immutable]
public sealed record EventMetadata(
    [property: Id(0)] int Version,
    [property: Id(1)] string EntryId,
    [property: Id(2)] DateTimeOffset Timestamp,
    [property: Id(3)] string? EventId,
    [property: Id(4)] int Schema,
    [property: Id(5)] string? CommandId,
    [property: Id(6)] string? CorrelationId,
    [property: Id(7)] string? CausationId,
    [property: Id(8)] string? Actor,
    // Added last, optional: the W3C trace context of the append (see WireFields.TraceParent).
    [property: Id(9)] string? TraceParent = null)
{
    /// <summary>Redis entry ids start with the server's Unix time in milliseconds.</summary>
    public static DateTimeOffset TimestampOf(string entryId)
    {
        var dash = entryId.IndexOf('-');
        var ms = long.Parse(dash < 0 ? entryId.AsSpan() : entryId.AsSpan(0, dash), System.Globalization.CultureInfo.InvariantCulture);
        return DateTimeOffset.FromUnixTimeMilliseconds(ms);
    }
}

/// <summary>One event as read back from its stream.</summary>
public sealed record RecordedEvent(object Event, string Type, EventMetadata Metadata, IReadOnlyDictionary<string, string> Payload);
