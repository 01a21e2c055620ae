using System.Diagnostics;
using StackExchange.Redis;

namespace ReplayBench;

/// <summary>
/// Pages through a stream as the provider does (XRANGE from "-", then from "(" + last id, same page
/// size) with nothing beyond what StackExchange.Redis itself parses: the ceiling replay is compared to.
/// </summary>
public static class RawXrangeReader
{
    public static async Task<(TimeSpan Elapsed, long Entries, long AllocatedBytes)> ReadAllAsync(IDatabase db, string streamKey, int pageSize)
    {
        ActivationProbe.Quiesce();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: false);
        var watch = Stopwatch.StartNew();
        long entries = 0;
        RedisValue from = "-";
        while (true)
        {
            var page = await db.StreamRangeAsync(streamKey, from, "+", pageSize);
            entries += page.Length;
            if (page.Length < pageSize) break;
            from = "(" + page[^1].Id.ToString();
        }
        watch.Stop();
        return (watch.Elapsed, entries, GC.GetTotalAllocatedBytes(precise: false) - allocatedBefore);
    }
}
