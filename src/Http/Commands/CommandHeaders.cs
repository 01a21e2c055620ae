using Microsoft.AspNetCore.Http;
using RedisEventSourcing;

namespace Users.Http.Commands;

/// <summary>
/// The HTTP form of users-cli's <c>--command-id</c>, <c>--correlation-id</c> and <c>--actor</c>:
/// headers put into the Orleans request context (<see cref="CommandMetadata"/>) right before the
/// grain call, so the provider records them in every event the command appends.
/// </summary>
public static class CommandHeaders
{
    public const string IdempotencyKey = "Idempotency-Key";
    public const string CorrelationId = "X-Correlation-Id";
    public const string Actor = "X-Actor";

    /// <summary>The actor recorded when a request names none.</summary>
    public const string DefaultActor = "http";

    private const int MaxLength = 200;
    private static readonly object PendingKeyItem = new();
    private static readonly object CorrelationItem = new();

    /// <summary>
    /// Sets the metadata for a state-changing call and returns its command id: the client's key, or a
    /// new one. Either way the response carries it, so a client can retry an unknown outcome safely.
    /// </summary>
    public static string BeginCommand(HttpContext context)
    {
        var key = Header(context, IdempotencyKey) ?? Guid.CreateVersion7().ToString();
        var correlationId = Header(context, CorrelationId) ?? Guid.NewGuid().ToString();
        CommandMetadata.Set(commandId: key, correlationId: correlationId, actor: Header(context, Actor) ?? DefaultActor);
        // The request's span (when traced) names what the events' metadata will: spans may carry ids, metrics never.
        System.Diagnostics.Activity.Current?.SetTag("es.command_id", key).SetTag("es.correlation_id", correlationId);
        context.Items[PendingKeyItem] = key;
        context.Items[CorrelationItem] = correlationId;
        context.Response.Headers[IdempotencyKey] = key;
        context.Response.Headers[CorrelationId] = correlationId;
        return key;
    }

    /// <summary>Sets correlation id and actor for a read; no command id.</summary>
    public static void BeginQuery(HttpContext context) =>
        CommandMetadata.Set(correlationId: Header(context, CorrelationId), actor: Header(context, Actor) ?? DefaultActor);

    /// <summary>The correlation id of this request (the one a command was given, else the client's), for log lines.</summary>
    public static string? CorrelationIdOf(HttpContext context) =>
        context.Items.TryGetValue(CorrelationItem, out var id) ? id as string : Header(context, CorrelationId);

    /// <summary>The command id of the state-changing call this request began, or null for a read.</summary>
    public static string? PendingKey(HttpContext context) => context.Items.TryGetValue(PendingKeyItem, out var key) ? key as string : null;

    private static string? Header(HttpContext context, string name)
    {
        var value = context.Request.Headers[name].ToString();
        if (string.IsNullOrWhiteSpace(value)) return null;
        // These end up in every event's metadata: keep them short and printable.
        if (value.Length > MaxLength || value.Any(char.IsControl))
            throw new BadHttpRequestException($"Header {name} must be 1 to {MaxLength} printable characters.", StatusCodes.Status400BadRequest);
        return value.Trim();
    }
}
