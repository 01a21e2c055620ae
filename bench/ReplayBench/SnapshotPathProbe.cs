using System.Diagnostics;
using StackExchange.Redis;

namespace ReplayBench;

/// <summary>The Redis commands a snapshot activation issues, timed from this process (median of runs, µs).</summary>
public static class SnapshotPathProbe
{
    public static async Task<(double HashGetAllUs, double AnchorUs, double TailUs)> MeasureAsync(IDatabase db, string snapshotKey, string streamKey, int pageSize, int repetitions)
    {
        var entryId = (string)(await db.HashGetAsync(snapshotKey, "entry_id"))!;
        var h = new List<double>();
        var a = new List<double>();
        var t = new List<double>();
        for (var i = 0; i < repetitions + 2; i++)
        {
            var w = Stopwatch.StartNew();
            await db.HashGetAllAsync(snapshotKey);
            h.Add(w.Elapsed.TotalMicroseconds);
            w.Restart();
            await db.StreamRangeAsync(streamKey, entryId, entryId, 1);
            a.Add(w.Elapsed.TotalMicroseconds);
            w.Restart();
            await db.StreamRangeAsync(streamKey, "(" + entryId, "+", pageSize);
            t.Add(w.Elapsed.TotalMicroseconds);
        }
        return (Stats.Median(h), Stats.Median(a), Stats.Median(t));
    }
}
