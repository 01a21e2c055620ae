namespace RedisEventSourcing.Storage;

internal enum AppendStatus { Appended, Conflict, Expired, LastEntryHasNoVersion }

/// <summary>What the append script answered.</summary>
internal readonly record struct AppendResult(AppendStatus Status, int CurrentVersion, string[] EntryIds, string? Detail)
{
    public static AppendResult Parse(StackExchange.Redis.RedisResult result)
    {
        var items = (StackExchange.Redis.RedisResult[])result!;
        var tag = items[0].ToString();
        return tag switch
        {
            "ok" => new(AppendStatus.Appended, 0, items.Skip(1).Select(i => i.ToString()!).ToArray(), null),
            "conflict" => new(AppendStatus.Conflict, int.Parse(items[1].ToString()!, System.Globalization.CultureInfo.InvariantCulture), [], null),
            "expired" => new(AppendStatus.Expired, 0, [], items[1].ToString()),
            "badlast" => new(AppendStatus.LastEntryHasNoVersion, 0, [], items[1].ToString()),
            _ => throw new InvalidOperationException($"Unexpected reply from the append script: {tag}"),
        };
    }
}
