namespace RedisEventSourcing.Projections.Running;

/// <summary>Orders Redis stream entry ids ("ms-seq") numerically; null is before every id.</summary>
public static class FeedPosition
{
    public static int Compare(string? a, string? b)
    {
        if (a is null || b is null) return a is null ? (b is null ? 0 : -1) : 1;
        var (am, asq) = Parse(a);
        var (bm, bsq) = Parse(b);
        return am != bm ? am.CompareTo(bm) : asq.CompareTo(bsq);
    }

    public static bool IsAfter(string id, string? checkpoint) => Compare(id, checkpoint) > 0;

    /// <summary>The earliest of some checkpoints (null, "nothing applied", is the earliest of all); null when there are none.</summary>
    public static string? Earliest(IEnumerable<string?> checkpoints)
    {
        string? earliest = null;
        var first = true;
        foreach (var checkpoint in checkpoints)
        {
            if (first || Compare(checkpoint, earliest) < 0) earliest = checkpoint;
            first = false;
        }
        return earliest;
    }

    internal static (ulong Ms, ulong Seq) Parse(string id)
    {
        var dash = id.IndexOf('-');
        return dash < 0
            ? (ulong.Parse(id, System.Globalization.CultureInfo.InvariantCulture), 0)
            : (ulong.Parse(id.AsSpan(0, dash), provider: System.Globalization.CultureInfo.InvariantCulture),
               ulong.Parse(id.AsSpan(dash + 1), provider: System.Globalization.CultureInfo.InvariantCulture));
    }
}
