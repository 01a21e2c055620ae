namespace RedisEventSourcing.Projections.Running;

/// <summary>Reads <c>{prefix}:{pNN}:&lt;category&gt;:&lt;id&gt;</c> back into its category and id (the id may hold ':').</summary>
public static class StreamKeyParts
{
    public static (string Category, string Id) Split(string streamKey)
    {
        var tag = streamKey.IndexOf("}:", StringComparison.Ordinal);
        if (tag < 0) return ("", streamKey);
        var rest = streamKey[(tag + 2)..];
        var colon = rest.IndexOf(':');
        return colon < 0 ? (rest, "") : (rest[..colon], rest[(colon + 1)..]);
    }

    public static string Category(string streamKey) => Split(streamKey).Category;
}
