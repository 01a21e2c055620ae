namespace RedisEventSourcing.Storage;

internal enum AppendStatus { Appended, Conflict, Expired, LastEntryHasNoVersion, Lost, Error }

/// <summary>What the append script answered for one stream.</summary>
/// <param name="CurrentVersion">For a conflict or a loss: the version of the stream's newest entry.</param>
/// <param name="Detail">For an expiry: the server time; for a foreign entry: its id; for an error: Redis' message.</param>
internal readonly record struct AppendResult(AppendStatus Status, int CurrentVersion, string[] EntryIds, string? Detail)
{
    /// <summary>
    /// With <see cref="Options.RedisStreamsLogOptions.ReplicaAcknowledgements"/>: how many replicas
    /// confirmed holding the append (<c>WAIT</c>'s answer); null when not asked.
    /// </summary>
    public int? ReplicasAcknowledged { get; init; }

    /// <summary>How long <c>WAIT</c> was allowed to wait (capped by the callers' time left); null when not asked.</summary>
    public TimeSpan? ReplicaWait { get; init; }

    public static AppendResult Parse(StackExchange.Redis.RedisResult result)
    {
        var items = (StackExchange.Redis.RedisResult[])result!;
        var tag = items[0].ToString();
        return tag switch
        {
            "ok" => new(AppendStatus.Appended, 0, items.Skip(1).Select(i => i.ToString()!).ToArray(), null),
            "conflict" => new(AppendStatus.Conflict, Version(items[1]), [], null),
            "lost" => new(AppendStatus.Lost, Version(items[1]), [], null),
            "expired" => new(AppendStatus.Expired, 0, [], items[1].ToString()),
            "badlast" => new(AppendStatus.LastEntryHasNoVersion, 0, [], items[1].ToString()),
            "error" => new(AppendStatus.Error, 0, [], items[1].ToString()),
            _ => throw new InvalidOperationException($"Unexpected reply from the append script: {tag}"),
        };
    }

    private static int Version(StackExchange.Redis.RedisResult item) =>
        int.Parse(item.ToString()!, System.Globalization.CultureInfo.InvariantCulture);
}
