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

    /// <summary>In feed entries only: the key of the aggregate stream the event belongs to.</summary>
    public const string Stream = "_stream";

    /// <summary>In feed entries only: the event's entry id in its aggregate stream.</summary>
    public const string EntryId = "_id";

    public static bool IsMetadata(string field) => field.Length > 0 && field[0] == '_';
}
