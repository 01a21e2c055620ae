using Microsoft.Extensions.Logging.Abstractions;
using ReadModels.Users;
using RedisEventSourcing.Projections.Rebuild;
using StackExchange.Redis;

namespace ReadBench;

/// <summary>
/// The rebuild part: raw paging of the feeds and rebuilds of fresh copies of each model with the
/// product's <see cref="CopyBuilder"/>, timed end to end, each followed by a check that the copy
/// holds every user's final state (a fast wrong rebuild would not count).
/// </summary>
public sealed class RebuildRunner(IConnectionMultiplexer redis, ReadModelCopies copies, UserHistories histories, CpuMeter cpu, string keyPrefix, int partitions)
{
    private const int CheckedUsers = 200;

    public async Task<RawResult> RawAsync(RebuildSetting setting, bool withEntries)
    {
        var feeds = Enumerable.Range(0, partitions).Select(p => $"{keyPrefix}:{{p{p:D2}}}:feed").ToList();
        Quiesce();
        var before = cpu.Sample();
        var (elapsed, entries) = await RawFeedReader.ReadAsync(redis.GetDatabase(), feeds, setting.PageSize, setting.Parallelism, withEntries);
        var result = new RawResult(setting, withEntries, elapsed, entries, cpu.Sample() - before);
        if (entries != histories.TotalEvents) throw new InvalidOperationException($"The feeds hold {entries:N0} entries, not {histories.TotalEvents:N0}.");
        Console.WriteLine($"  raw XRANGE {(withEntries ? "feed + referenced entries" : "feed only")}, {setting}: {result.Rate:N0} entries/s ({elapsed.TotalSeconds:0.00} s)");
        return result;
    }

    /// <summary>Where redis-server's time went during the build (INFO commandstats), the costliest commands first.</summary>
    private static async Task PrintCommandStatsAsync(IServer server)
    {
        var stats = (await server.InfoAsync("commandstats")).SelectMany(g => g)
            .Select(kv => (Command: kv.Key.Replace("cmdstat_", ""), Fields: kv.Value.Split(',').Select(f => f.Split('=')).ToDictionary(f => f[0], f => f[1])))
            .Select(c => (c.Command, Calls: long.Parse(c.Fields["calls"]), Usec: long.Parse(c.Fields["usec"])))
            .OrderByDescending(c => c.Usec).Take(6);
        Console.WriteLine("  redis time by command: " + string.Join(", ", stats.Select(c => $"{c.Command} {c.Usec / 1e6:0.00} s / {c.Calls:N0} calls ({(double)c.Usec / Math.Max(1, c.Calls):0.0} us each)")));
    }

    public async Task<RebuildResult> RebuildAsync(ModelKind kind, RebuildSetting setting)
    {
        var copy = copies.Create(kind);
        try
        {
            var timed = new TimedProjection(copy);
            // Tables and schema exist before the clock starts (Marten's are created before its rebuild too).
            await copy.ReadCheckpointAsync(0);
            var builder = new CopyBuilder(redis, keyPrefix, partitions, new Dictionary<string, Type> { ["user"] = typeof(Grains.Users.UserEvent) }, NullLogger.Instance)
            {
                PageSize = setting.PageSize,
                Parallelism = setting.Parallelism,
            };
            using var progress = new ProgressLine($"{kind} {setting}", histories.TotalEvents);
            Quiesce();
            var load = MachineInfoLoad();
            var server = redis.GetServer(redis.GetEndPoints()[0]);
            await server.ConfigResetStatisticsAsync();
            var before = cpu.Sample();
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var applied = await builder.BuildAsync(timed, asOf: null, new Progress(progress));
            var elapsed = watch.Elapsed;
            var result = new RebuildResult(kind, setting, elapsed, applied, timed.ApplyTime, timed.Applies, cpu.Sample() - before, load);
            Console.WriteLine($"  {kind} model, {setting}: {result.Rate:N0} events/s ({elapsed.TotalSeconds:0.0} s, apply {100 * result.ApplyShare:0}% of worker time, CPU bench {result.Cpu.Bench:0.0} s / redis {result.Cpu.Redis:0.0} s / pg {result.Cpu.Postgres:0.0} s)");
            await PrintCommandStatsAsync(server);
            if (applied != histories.TotalEvents) throw new InvalidOperationException($"{kind}: the build applied {applied:N0} feed entries, not {histories.TotalEvents:N0}.");
            await CheckAsync(kind, copy);
            return result;
        }
        finally
        {
            await copies.DropAsync(copy);
        }
    }

    private async Task CheckAsync(ModelKind kind, IUserDirectory copy)
    {
        for (var i = 0; i < CheckedUsers; i++)
        {
            var user = (int)((long)i * histories.Users / CheckedUsers);
            var (name, deactivated) = histories.Final(user);
            var row = await copy.GetAsync(UserHistories.UserId(user));
            if (row is null || row.Version != histories.EventsPerUser || row.Name != name || row.Deactivated != deactivated)
                throw new InvalidOperationException($"{kind}: user {UserHistories.UserId(user)} is {row} after the rebuild; expected version {histories.EventsPerUser}, name '{name}', deactivated {deactivated}.");
        }
    }

    private static string MachineInfoLoad() => ReplayBench.MachineInfo.LoadAverage();

    /// <summary>One run's garbage is not charged to the next.</summary>
    public static void Quiesce()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
    }

    /// <summary>Synchronous, unlike <see cref="Progress{T}"/>, which posts to the thread pool.</summary>
    private sealed class Progress(ProgressLine line) : IProgress<long>
    {
        public void Report(long value) => line.Add(value);
    }
}
