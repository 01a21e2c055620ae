using EventSourcing.Tests.Infrastructure;
using StackExchange.Redis;

namespace EventSourcing.Tests.Faults;

/// <summary>
/// What the log holds after a fault run, read with plain XRANGE: per user the fold (name, version)
/// and whether its <c>_version</c>s run 1, 2, 3... without gap or repeat; over all users, how often
/// each command id appears, against the commands that were acknowledged.
/// </summary>
public sealed record LogAudit(
    int Acknowledged,
    int Persisted,
    IReadOnlyList<string> Lost,
    IReadOnlyList<string> Duplicated,
    IReadOnlyList<string> Gaps,
    IReadOnlyDictionary<string, (string? Name, int Version)> Folds)
{
    public static async Task<LogAudit> ReadAsync(IDatabase db, IEnumerable<string> users, IReadOnlyDictionary<string, string> acknowledged, string prefix = "es")
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var gaps = new List<string>();
        var folds = new Dictionary<string, (string?, int)>(StringComparer.Ordinal);
        foreach (var user in users)
        {
            var key = RawLog.UserStreamKey(user, prefix);
            var entries = await RawLog.EntriesAsync(db, key);
            string? name = null;
            var version = 0;
            foreach (var entry in entries)
            {
                var v = int.Parse(entry["_version"], System.Globalization.CultureInfo.InvariantCulture);
                if (v != version + 1) gaps.Add($"{key}: entry {entry["@id"]} has _version {v} after {version}");
                version = v;
                if (entry["type"] is "UserCreated" or "NameChanged") name = entry["name"];
                if (entry.TryGetValue("_command_id", out var id) && id.Length > 0) counts[id] = counts.GetValueOrDefault(id) + 1;
            }
            folds[user] = (name, version);
        }
        return new LogAudit(
            acknowledged.Count,
            counts.Where(c => c.Key.StartsWith("load-", StringComparison.Ordinal)).Sum(c => c.Value),
            acknowledged.Keys.Where(id => !counts.ContainsKey(id)).ToList(),
            counts.Where(c => c.Value > 1).Select(c => $"{c.Key} ×{c.Value}").ToList(),
            gaps,
            folds);
    }

    public override string ToString() =>
        $"acknowledged {Acknowledged}, persisted {Persisted}, lost {Lost.Count}, duplicated {Duplicated.Count}, version gaps {Gaps.Count}";
}
