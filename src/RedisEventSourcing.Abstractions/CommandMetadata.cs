namespace RedisEventSourcing;

/// <summary>
/// The Orleans <c>RequestContext</c> keys a caller sets to give a command an idempotency key and
/// audit metadata. The provider copies them into every event the command appends
/// (<c>_command_id</c>, <c>_correlation_id</c>, <c>_causation_id</c>, <c>_actor</c>).
/// </summary>
public static class CommandMetadata
{
    public const string CommandIdKey = "es.command_id";
    public const string CorrelationIdKey = "es.correlation_id";
    public const string CausationIdKey = "es.causation_id";
    public const string ActorKey = "es.actor";

    /// <summary>Sets the metadata for the calls this async flow makes next; null values are left unset.</summary>
    public static void Set(string? commandId = null, string? correlationId = null, string? causationId = null, string? actor = null)
    {
        SetOrRemove(CommandIdKey, commandId);
        SetOrRemove(CorrelationIdKey, correlationId);
        SetOrRemove(CausationIdKey, causationId);
        SetOrRemove(ActorKey, actor);
    }

    public static string? CommandId => RequestContext.Get(CommandIdKey) as string;

    /// <summary>The correlation id the caller set, for log lines about the command.</summary>
    public static string? CorrelationId => RequestContext.Get(CorrelationIdKey) as string;

    private static void SetOrRemove(string key, string? value)
    {
        if (value is null) RequestContext.Remove(key);
        else RequestContext.Set(key, value);
    }
}
