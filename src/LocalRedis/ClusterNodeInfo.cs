using System.Globalization;

namespace LocalRedis;

/// <summary>One line of <c>CLUSTER NODES</c>, as one node sees the cluster.</summary>
/// <param name="MasterId">The master a replica follows; null for a master.</param>
/// <param name="Failed">Flagged <c>fail</c> (or <c>fail?</c>): the others believe it is down.</param>
/// <param name="Slots">Slot ranges a master serves, inclusive.</param>
public sealed record ClusterNodeInfo(string Id, int Port, bool IsMaster, string? MasterId, bool Failed, IReadOnlyList<(int From, int To)> Slots)
{
    public bool Serves(int slot) => Slots.Any(r => slot >= r.From && slot <= r.To);

    /// <summary>Parses <c>CLUSTER NODES</c>: <c>id ip:port@bus flags master ping pong epoch link slot...</c>.</summary>
    public static IReadOnlyList<ClusterNodeInfo> ParseAll(string clusterNodes) =>
        clusterNodes.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Parse).ToList();

    private static ClusterNodeInfo Parse(string line)
    {
        var parts = line.Split(' ');
        var address = parts[1].Split('@')[0];
        var port = int.Parse(address[(address.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture);
        var flags = parts[2].Split(',');
        var slots = new List<(int, int)>();
        // Slot fields from index 8 on; "[slot->-node]" entries are migrations in progress, not ownership.
        foreach (var field in parts.Skip(8).Where(f => !f.StartsWith('[')))
        {
            var dash = field.IndexOf('-');
            slots.Add(dash < 0
                ? (int.Parse(field, CultureInfo.InvariantCulture), int.Parse(field, CultureInfo.InvariantCulture))
                : (int.Parse(field[..dash], CultureInfo.InvariantCulture), int.Parse(field[(dash + 1)..], CultureInfo.InvariantCulture)));
        }
        return new ClusterNodeInfo(parts[0], port, flags.Contains("master"), parts[3] == "-" ? null : parts[3],
            flags.Contains("fail") || flags.Contains("fail?"), slots);
    }
}
