using RedisEventSourcing.Projections.Running;
using RedisEventSourcing.Storage;
using StackExchange.Redis;

namespace RedisEventSourcing.Projections.Operations;

/// <summary>
/// <c>projections repair-feed</c>: per partition, the set of entries its feed refers to (every
/// reference, and per stream the newest <c>_resync</c>, which covers every entry up to it), then
/// every aggregate stream of the categories the projections read, page by page. A stream with an
/// entry outside that set gets one <c>_resync</c> marker naming its last entry, through a script
/// that writes it only if the stream still ends there. Running it again finds nothing new: the
/// marker covers the stream.
/// </summary>
/// <remarks>
/// The feed is read before the streams, so an entry appended meanwhile through the append script
/// looks unreferenced: before repairing, the feed's newer entries are read too and the stream
/// judged again. An entry older than the feed's oldest (the feed is trimmed) cannot be judged and
/// is taken as referenced (counted in <see cref="FeedRepairResult.EntriesOlderThanFeed"/>).
/// Memory: about 50 bytes per feed entry of the partition being repaired.
/// </remarks>
public sealed class FeedRepair(IConnectionMultiplexer redis, string keyPrefix, IReadOnlyCollection<string> categories, int pageSize = 1000)
{
    private static readonly string ResyncScript = LoadScript("resync.lua");

    public async Task<FeedRepairResult> RepairAsync(IReadOnlyList<int> partitions, CancellationToken cancellationToken = default)
    {
        var total = new FeedRepairResult(partitions.Count, 0, 0, 0, 0, [], 0);
        foreach (var partition in partitions)
        {
            var r = await RepairAsync(partition, cancellationToken);
            total = new FeedRepairResult(total.Partitions, total.StreamsScanned + r.StreamsScanned, total.EntriesChecked + r.EntriesChecked,
                total.EntriesOlderThanFeed + r.EntriesOlderThanFeed, total.StreamsRepaired + r.StreamsRepaired,
                total.RepairedStreams.Concat(r.RepairedStreams).Take(FeedRepairResult.MaxKeysListed).ToList(), total.StreamsMoved + r.StreamsMoved);
        }
        return total;
    }

    public async Task<FeedRepairResult> RepairAsync(int partition, CancellationToken cancellationToken = default)
    {
        var db = redis.GetDatabase();
        var feed = new FeedReferenceIndex(db, $"{keyPrefix}:{{{StreamKeys.PartitionTag(partition)}}}:feed", partition, pageSize);
        await feed.ReadNewerAsync();
        var (scanned, moved) = (0, 0);
        var (checkedEntries, older) = (0L, 0L);
        var repaired = new List<string>();
        foreach (var stream in await StreamKeysAsync(partition, cancellationToken))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var missing = new List<(ulong, ulong)>();
            string? last = null;
            string? after = null;
            while (true)
            {
                StreamEntry[] page;
                try
                {
                    page = await db.StreamRangeAsync(stream, after is null ? "-" : "(" + after, "+", pageSize);
                }
                catch (RedisServerException e) when (e.Message.StartsWith("WRONGTYPE", StringComparison.Ordinal))
                {
                    break; // not an aggregate stream, whatever its name says
                }
                foreach (var entry in page)
                {
                    var id = entry.Id.ToString();
                    checkedEntries++;
                    if (feed.IsOlderThanFeed(id)) older++;
                    else if (!feed.Refers(stream, id)) missing.Add(FeedPosition.Parse(id));
                    last = id;
                }
                if (page.Length < pageSize) break;
                after = page[^1].Id.ToString();
            }
            if (last is null) continue;
            scanned++;
            if (missing.Count == 0) continue;
            // Appended through the script while this ran? Its reference is in the feed by now.
            await feed.ReadNewerAsync();
            if (missing.All(id => feed.Refers(stream, id))) continue;
            var result = (RedisResult[])(await db.ScriptEvaluateAsync(ResyncScript, [stream, feed.Key], [last]))!;
            if (result[0].ToString() == "ok") repaired.Add(stream);
            else moved++;
        }
        return new FeedRepairResult(1, scanned, checkedEntries, older, repaired.Count, repaired.Take(FeedRepairResult.MaxKeysListed).ToList(), moved);
    }

    /// <summary>
    /// The partition's aggregate streams of the categories the projections read: SCAN on the master
    /// of the partition's slot, which holds every key with its <c>{pNN}</c> tag (on Redis Cluster;
    /// the only server otherwise), so the other masters' keys are never walked.
    /// </summary>
    private async Task<IReadOnlyList<string>> StreamKeysAsync(int partition, CancellationToken cancellationToken)
    {
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        var tag = $"{keyPrefix}:{{{StreamKeys.PartitionTag(partition)}}}:";
        var server = redis.GetServer((RedisKey)(tag + "feed"), flags: CommandFlags.DemandMaster);
        foreach (var category in categories)
        {
            var pattern = Glob($"{tag}{category}:") + "*";
            await foreach (var key in server.KeysAsync(pattern: pattern, pageSize: 1000).WithCancellation(cancellationToken))
                keys.Add(key.ToString());
        }
        return keys.ToList();
    }

    private static string Glob(string literal)
    {
        var b = new System.Text.StringBuilder(literal.Length);
        foreach (var c in literal)
        {
            if (c is '*' or '?' or '[' or ']' or '\\') b.Append('\\');
            b.Append(c);
        }
        return b.ToString();
    }

    private static string LoadScript(string name)
    {
        using var stream = typeof(FeedRepair).Assembly.GetManifestResourceStream($"RedisEventSourcing.Projections.Scripts.{name}")
            ?? throw new InvalidOperationException($"Embedded script {name} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
