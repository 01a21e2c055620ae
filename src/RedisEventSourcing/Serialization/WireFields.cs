namespace RedisEventSourcing.Serialization;

/// <summary>Field names of the wire contract (design section 2) that are not payload.</summary>
public static class WireFields
{
    public const string Type = "type";
    public const string Version = "_version";
    public const string EventId = "_event_id";
    public const string Schema = "_schema";
    public const string CommandId = "_command_id";
    public const string CorrelationId = "_correlation_id";
    public const string CausationId = "_causation_id";
    public const string Actor = "_actor";

    /// <summary>
    /// Optional: the W3C trace context (<c>00-&lt;trace id&gt;-&lt;span id&gt;-&lt;flags&gt;</c>) of the
    /// append that wrote the event, present only when that append was traced and sampled. Readers
    /// that trace (the projections) continue the command's trace from it; others ignore it.
    /// </summary>
    public const string TraceParent = "_traceparent";

    /// <summary>In feed entries only: the key of the aggregate stream the event belongs to.</summary>
    public const string Stream = "_stream";

    /// <summary>In feed entries only: the event's entry id in its aggregate stream.</summary>
    public const string EntryId = "_id";

    public static bool IsMetadata(string field) => field.Length > 0 && field[0] == '_';
}
