namespace WriteBench.Workloads;

/// <summary>Matched durability levels: what each store does before it acknowledges a write.</summary>
public enum Durability
{
    /// <summary>Redis <c>appendfsync always</c> / PostgreSQL <c>synchronous_commit=on</c>: acknowledged = fsynced.</summary>
    Strict,

    /// <summary>Redis <c>appendfsync everysec</c> / PostgreSQL <c>synchronous_commit=off</c>: up to ~1 s of acknowledged writes can be lost on a crash.</summary>
    Relaxed,
}

public static class DurabilityNames
{
    public static string RedisFsync(this Durability d) => d == Durability.Strict ? "always" : "everysec";

    public static string PostgresSynchronousCommit(this Durability d) => d == Durability.Strict ? "on" : "off";

    public static string Label(this Durability d) => d == Durability.Strict
        ? "strict (Redis appendfsync always / PG synchronous_commit=on)"
        : "relaxed (Redis appendfsync everysec / PG synchronous_commit=off)";
}
