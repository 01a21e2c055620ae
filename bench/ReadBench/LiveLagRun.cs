using System.Diagnostics;
using LocalRedis;
using ReadModels.Hosting;
using RedisEventSourcing.Projections;
using RedisEventSourcing.Projections.Running;
using StackExchange.Redis;

namespace ReadBench;

/// <summary>
/// The live part: a fresh redis-server and a silo with the read side; users created, a warm-up at
/// the target rate, then the measured window at the target rate (open loop). The product's lag
/// histogram is recorded during the window and until every projection has applied the window's
/// events, so each event of the window is counted exactly once per projection.
/// </summary>
public static class LiveLagRun
{
    public static async Task<LiveRun> RunAsync(string name, LocalRedisServerOptions redisOptions, UserReadModelsOptions readModels,
        int users, double rate, TimeSpan warmup, TimeSpan duration, int? postgresPid)
    {
        Console.WriteLine($"Live run '{name}': {users:N0} users, {rate:N0} commands/s, warm-up {warmup.TotalSeconds:0} s, measured {duration.TotalSeconds:0} s");
        await using var redis = await LocalRedisServer.StartAsync(redisOptions);
        await using var mux = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString + ",allowAdmin=true");
        var redisPid = int.Parse((await mux.GetServer(mux.GetEndPoints()[0]).InfoAsync("server")).SelectMany(g => g).First(kv => kv.Key == "process_id").Value, System.Globalization.CultureInfo.InvariantCulture);
        var cpu = new CpuMeter(redisPid, postgresPid);
        using var lag = new LagListener();
        await using var silo = await LiveSilo.StartAsync(redis.ConnectionString, readModels);
        var feeds = new FeedReader(mux, "es");

        var watch = Stopwatch.StartNew();
        await OpenLoopDriver.CreateUsersAsync(silo.Grains, users);
        Console.WriteLine($"  {users:N0} users created in {watch.Elapsed.TotalSeconds:0.0} s");
        await CaughtUpAsync(mux, feeds, silo.Projections);
        var warm = await OpenLoopDriver.RunAsync(silo.Grains, users, rate, warmup, firstCommand: 0);
        Console.WriteLine($"  warm-up: {warm.AchievedRate:N0} commands/s, {warm.Failed} failed");
        await CaughtUpAsync(mux, feeds, silo.Projections);

        lag.Take();
        var seenBefore = lag.Seen;
        var load = ReplayBench.MachineInfo.LoadAverage();
        var before = cpu.Sample();
        var gcBefore = (Pause: GC.GetTotalPauseDuration(), G0: GC.CollectionCount(0), G1: GC.CollectionCount(1), G2: GC.CollectionCount(2));
        lag.Recording = true;
        var drive = await OpenLoopDriver.RunAsync(silo.Grains, users, rate, duration, firstCommand: warm.Issued);
        await CaughtUpAsync(mux, feeds, silo.Projections);
        // A checkpoint is visible the moment its transaction commits, a moment before the projector
        // records that batch's lags: wait for the records to stop before closing the window.
        await QuietAsync(lag);
        lag.Recording = false;
        Console.WriteLine($"  applied events seen by the listener during the window and drain: {lag.Seen - seenBefore:N0} over all projections");
        var used = cpu.Sample() - before;
        // This process hosts the silo: its collections pause the grains, the pumps and the driver alike.
        Console.WriteLine($"  GC in the window: {GC.CollectionCount(0) - gcBefore.G0} gen0, {GC.CollectionCount(1) - gcBefore.G1} gen1, {GC.CollectionCount(2) - gcBefore.G2} gen2; paused {(GC.GetTotalPauseDuration() - gcBefore.Pause).TotalMilliseconds:N0} ms in all");
        Console.WriteLine($"  measured: {drive.AchievedRate:N0} commands/s achieved ({drive.Completed:N0} of {drive.Issued:N0}, {drive.Failed} failed{(drive.FirstError is null ? "" : ": " + drive.FirstError)}), command p50 {drive.P50Ms:0.0} ms, p99 {drive.P99Ms:0.0} ms");

        var lags = new List<LagResult>();
        foreach (var (projection, values) in lag.Take().OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var sorted = Percentiles.Sorted(values);
            var model = silo.Projections.FirstOrDefault(p => p.Name == projection)?.GetType().Name ?? "?";
            var result = new LagResult(name, projection, model, sorted.Length, Percentiles.Of(sorted, 50), Percentiles.Of(sorted, 99), sorted[^1], sorted.Average());
            lags.Add(result);
            Console.WriteLine($"  lag {projection} ({model}): p50 {result.P50Ms:0.0} ms, p99 {result.P99Ms:0.0} ms, max {result.MaxMs:0.0} ms over {result.Events:N0} events");
        }
        return new LiveRun(name, users, drive, lags, used, load);
    }

    /// <summary>Waits until no lag was recorded for 300 ms (at most 10 s).</summary>
    private static async Task QuietAsync(LagListener lag)
    {
        var deadline = Stopwatch.StartNew();
        var seen = lag.Seen;
        while (deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(300);
            if (lag.Seen == seen) return;
            seen = lag.Seen;
        }
    }

    /// <summary>Waits until every projection's checkpoint of every partition is the end of that feed.</summary>
    private static async Task CaughtUpAsync(IConnectionMultiplexer mux, FeedReader feeds, IReadOnlyList<IProjection> projections)
    {
        var db = mux.GetDatabase();
        var deadline = Stopwatch.StartNew();
        for (var partition = 0; partition < 16; partition++)
        {
            var last = await db.StreamRangeAsync(feeds.FeedKey(partition), "-", "+", 1, Order.Descending);
            if (last.Length == 0) continue;
            var end = last[0].Id.ToString();
            foreach (var projection in projections)
            {
                while (FeedPosition.Compare(await projection.ReadCheckpointAsync(partition), end) < 0)
                {
                    if (deadline.Elapsed > TimeSpan.FromMinutes(15)) throw new TimeoutException($"{projection.Name} has not caught up with partition {partition} after 15 minutes.");
                    await Task.Delay(20);
                }
            }
        }
    }
}
