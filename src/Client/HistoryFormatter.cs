using System.Globalization;
using System.Text;
using System.Text.Json;
using Grains.Interfaces;

namespace UsersCli;

/// <summary>Writes a history page as an aligned table or as JSON.</summary>
internal static class HistoryFormatter
{
    public static string ToJson(IReadOnlyList<UserHistoryEntry> page) => JsonSerializer.Serialize(page, CliJson.Options);

    public static string ToTable(IReadOnlyList<UserHistoryEntry> page)
    {
        if (page.Count == 0) return "(no events in this range)";
        string[] header = ["VERSION", "TIME (UTC)", "TYPE", "CHANGE", "ACTOR", "ENTRY ID"];
        var rows = page.Select(e => new[]
        {
            e.Version.ToString(CultureInfo.InvariantCulture),
            e.Timestamp.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture),
            e.Type,
            string.Join(", ", e.Payload.Where(p => p.Key != "id").Select(p => $"{p.Key}={OneLine(p.Value)}")),
            e.Metadata.GetValueOrDefault("actor", "-"),
            e.EntryId,
        }).ToList();
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Max(r => r[i].Length))).ToArray();
        var sb = new StringBuilder();
        foreach (var row in rows.Prepend(header))
            sb.AppendLine(string.Join("  ", row.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd());
        return sb.ToString().TrimEnd();
    }

    private static string OneLine(string value)
    {
        var flat = value.Replace("\r", "").Replace('\n', ' ');
        return flat.Length <= 60 ? flat : flat[..57] + "...";
    }
}
