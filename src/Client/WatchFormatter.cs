using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Grains.Interfaces;

namespace UsersCli;

/// <summary>One line per watched entry: a readable one, or one JSON object (so a pipe can parse line by line).</summary>
internal static class WatchFormatter
{
    private static readonly JsonSerializerOptions JsonLines = new(CliJson.Options)
    {
        WriteIndented = false,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static string ToJson(UserWatchItem item) => JsonSerializer.Serialize(item, JsonLines);

    public static string ToLine(UserWatchItem item)
    {
        var time = item.Timestamp.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);
        return item.Kind switch
        {
            UserWatchItemKind.Event => string.Join("  ", new[]
            {
                time, $"v{item.Version}", item.Type ?? "?",
                string.Join(", ", item.Payload.Where(p => p.Key != "id").Select(p => $"{p.Key}={OneLine(p.Value)}")),
                item.Metadata.TryGetValue("command_id", out var command) ? $"command {command}" : "",
                item.Metadata.TryGetValue("actor", out var actor) ? $"by {actor}" : "",
                item.EntryId,
            }.Where(s => s.Length > 0)),
            UserWatchItemKind.Cleared => $"{time}  CLEARED  {item.Problem}",
            _ => $"{time}  v{item.Version}  MALFORMED  entry {item.EntryId} ({item.Type ?? "no type"}): {item.Problem}",
        };
    }

    private static string OneLine(string value)
    {
        var flat = value.Replace("\r", "").Replace('\n', ' ');
        return flat.Length <= 60 ? flat : flat[..57] + "...";
    }
}
