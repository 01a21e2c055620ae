namespace RedisEventSourcing.Projections.Running;

/// <summary>
/// The turns of <see cref="IProjection.MaxConcurrentApplies"/>: one gate per copy name in this silo,
/// shared by the pumps of every partition of that copy. A pump takes a turn before it reads its
/// page, so the page holds everything that arrived while it waited.
/// </summary>
internal static class ApplyTurns
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);

    /// <summary>The copy's gate, or null when it applies without a limit.</summary>
    public static SemaphoreSlim? For(IProjection projection) =>
        projection.MaxConcurrentApplies > 0 ? Gates.GetOrAdd(projection.Name, _ => new SemaphoreSlim(projection.MaxConcurrentApplies)) : null;
}
