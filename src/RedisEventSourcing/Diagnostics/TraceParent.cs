using System.Diagnostics;

namespace RedisEventSourcing.Diagnostics;

/// <summary>
/// The W3C <c>traceparent</c> text (<c>00-&lt;32 hex trace id&gt;-&lt;16 hex span id&gt;-&lt;2 hex flags&gt;</c>)
/// of a span, as events carry it in <c>_traceparent</c>. <c>tracestate</c> is not carried: it is
/// vendor data of the caller's hop, and every entry would pay for it.
/// </summary>
public static class TraceParent
{
    /// <summary>The text of a sampled span's context; null for an unsampled or empty one (nothing is written then).</summary>
    public static string? Of(ActivityContext context) =>
        context != default && (context.TraceFlags & ActivityTraceFlags.Recorded) != 0
            ? $"00-{context.TraceId.ToHexString()}-{context.SpanId.ToHexString()}-01"
            : null;

    /// <summary>Reads a <c>_traceparent</c> value; false for a missing or malformed one (another writer's, say).</summary>
    public static bool TryParse(string? text, out ActivityContext context)
    {
        context = default;
        return text is { Length: 55 } && ActivityContext.TryParse(text, null, isRemote: true, out context);
    }
}
