using System.Diagnostics;
using System.Globalization;
using StackExchange.Redis;

namespace ScriptBench;

/// <summary>A workload's medians over the rounds, and its ratios to the first workload's, round by round.</summary>
public sealed record WorkloadResult(string Name, double CpuMicros, double ScriptMicros, double PerSecond, double CpuRatio, double RateRatio);

/// <summary>
/// Runs the workloads in turns on one redis-server (the machine's speed swings for seconds at a time:
/// docs/benchmarks.md), each round in the order of the last reversed, and compares them round by round.
/// Redis CPU is the server's user + system time (the script, parsing, the AOF write and fsync,
/// the replies); the script's own share is <c>INFO commandstats</c>' EVALSHA time.
/// </summary>
public static class SideBySide
{
    public static async Task<IReadOnlyList<WorkloadResult>> RunAsync(ConnectionMultiplexer connection, IReadOnlyList<IScriptWorkload> workloads, int calls, int inFlight, int rounds)
    {
        var db = connection.GetDatabase();
        var server = connection.GetServer(connection.GetEndPoints()[0]);
        foreach (var w in workloads) await w.PrepareAsync(db, server);
        var cpu = workloads.Select(_ => new List<double>()).ToArray();
        var script = workloads.Select(_ => new List<double>()).ToArray();
        var rate = workloads.Select(_ => new List<double>()).ToArray();
        for (var round = 0; round < rounds; round++)
        {
            var order = Enumerable.Range(0, workloads.Count);
            foreach (var i in round % 2 == 0 ? order : order.Reverse())
            {
                var w = workloads[i];
                await server.ConfigResetStatisticsAsync();
                var cpuBefore = await CpuSecondsAsync(server);
                var started = Stopwatch.GetTimestamp();
                await RunCallsAsync(w, db, calls, inFlight);
                var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
                var cpuUsed = await CpuSecondsAsync(server) - cpuBefore;
                var stats = (string)(await server.ExecuteAsync("INFO", "commandstats"))!;
                var streams = (double)calls * w.PerCall;
                cpu[i].Add(cpuUsed * 1e6 / streams);
                script[i].Add(EvalshaMicros(stats) / streams);
                rate[i].Add(streams / elapsed);
            }
        }
        return workloads.Select((w, i) => new WorkloadResult(w.Name, Median(cpu[i]), Median(script[i]), Median(rate[i]),
            Median(cpu[i].Zip(cpu[0], (a, b) => a / b)), Median(rate[i].Zip(rate[0], (a, b) => a / b)))).ToList();
    }

    private static async Task RunCallsAsync(IScriptWorkload workload, IDatabase db, int calls, int inFlight)
    {
        using var slots = new SemaphoreSlim(inFlight);
        var running = new List<Task>(calls);
        for (var c = 0; c < calls; c++)
        {
            await slots.WaitAsync();
            running.Add(CallAsync());
        }
        await Task.WhenAll(running);

        async Task CallAsync()
        {
            try { await workload.CallAsync(db); }
            finally { slots.Release(); }
        }
    }

    private static double EvalshaMicros(string commandStats)
    {
        var line = commandStats.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("cmdstat_evalsha:", StringComparison.Ordinal));
        if (line is null) return 0;
        var usec = line.Split(':')[1].Split(',').First(p => p.StartsWith("usec=", StringComparison.Ordinal));
        return double.Parse(usec["usec=".Length..], CultureInfo.InvariantCulture);
    }

    /// <summary>Redis' own user + system CPU (INFO cpu, from getrusage: microseconds, where /proc counts 10 ms ticks).</summary>
    private static async Task<double> CpuSecondsAsync(IServer server)
    {
        var info = (string)(await server.ExecuteAsync("INFO", "cpu"))!;
        return double.Parse(Info.Field(info, "used_cpu_user"), CultureInfo.InvariantCulture) + double.Parse(Info.Field(info, "used_cpu_sys"), CultureInfo.InvariantCulture);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
