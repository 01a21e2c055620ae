using System.Diagnostics;
using StackExchange.Redis;

namespace ReadBench;

/// <summary>
/// The raw ceilings a rebuild is compared to, with nothing beyond what StackExchange.Redis parses:
/// paging through every partition feed with <c>XRANGE</c> (feed only), and the same paging plus,
/// per page, one pipelined round trip fetching each referenced entry from its user's stream
/// (<c>XRANGE key id id</c>), which is the least a reader of the feeds must do to see the events,
/// and what <c>FeedEventResolver</c> sends. Partitions are read in parallel as a rebuild reads them.
/// </summary>
public static class RawFeedReader
{
    public static async Task<(TimeSpan Elapsed, long Entries)> ReadAsync(IDatabase db, IReadOnlyList<string> feeds, int pageSize, int parallelism, bool fetchEntries)
    {
        long entries = 0;
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(feeds, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (feed, _) =>
        {
            RedisValue from = "-";
            while (true)
            {
                var page = await db.StreamRangeAsync(feed, from, "+", pageSize);
                if (page.Length == 0) return;
                if (fetchEntries)
                {
                    var batch = db.CreateBatch();
                    var reads = new Task<StreamEntry[]>[page.Length];
                    for (var i = 0; i < page.Length; i++)
                    {
                        var id = page[i]["_id"];
                        reads[i] = batch.StreamRangeAsync((string)page[i]["_stream"]!, id, id, 1);
                    }
                    batch.Execute();
                    foreach (var read in reads)
                        if ((await read).Length != 1) throw new InvalidOperationException("A feed reference points at no entry: the load is broken.");
                }
                Interlocked.Add(ref entries, page.Length);
                if (page.Length < pageSize) return;
                from = "(" + page[^1].Id;
            }
        });
        return (watch.Elapsed, entries);
    }
}
