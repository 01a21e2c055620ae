using System.Diagnostics;
using System.Globalization;
using WriteBench.Reporting;
using WriteBench.Stores;
using WriteBench.Workloads;

namespace WriteBench.Targets;

/// <summary>
/// The raw limit: <c>redis-benchmark -c callers -n commands -P 1 --csv XADD ...</c> with a realistic
/// entry, same concurrency, no pipelining, on a fresh redis-server at the same fsync policy.
/// </summary>
public sealed class RedisBenchmarkTarget(StreamNodeSettings streamNodes) : IWriteTarget
{
    public string Name => "redis-benchmark XADD";

    public bool Supports(WorkloadKind kind) => true;

    public async Task<IReadOnlyList<RunResult>> RunAsync(Scenario scenario, Durability durability, int repetition)
    {
        await using var redis = await RedisStore.StartAsync(durability.RedisFsync(), appendOnly: true, streamNodes);
        // Keys es:{p00}:user:<12-digit random below Users>: as many streams as users.
        await RunToolAsync(redis.Port, scenario, scenario.WarmupCommands);
        var cpuBefore = redis.CpuSeconds();
        var clock = Stopwatch.StartNew();
        var (rps, p50, p99) = await RunToolAsync(redis.Port, scenario, scenario.Commands);
        var elapsed = clock.Elapsed.TotalSeconds;
        var cpuAfter = redis.CpuSeconds();
        var (bytes, delta, _) = await redis.FootprintAsync();
        return
        [
            new RunResult
            {
            Target = Name,
            Workload = scenario.Kind,
            Durability = durability,
            Repetition = repetition,
            Commands = scenario.Commands,
            Events = scenario.Commands,
            // redis-benchmark's own requests/s (its clock excludes process start-up).
            Seconds = scenario.Commands / rps,
            P50Ms = p50,
            P99Ms = p99,
            StoreCpu = cpuAfter - cpuBefore,
            StoreBytes = bytes,
            UsedMemoryDelta = delta,
            StoredUsers = 0,
            StoredEvents = scenario.Commands + scenario.WarmupCommands,
            Note = $"wall {elapsed:0.0}s incl. tool start",
            },
        ];
    }

    private static async Task<(double Rps, double P50, double P99)> RunToolAsync(int port, Scenario scenario, int count)
    {
        var info = new ProcessStartInfo("redis-benchmark") { RedirectStandardOutput = true, RedirectStandardError = true };
        string[] args =
        [
            "-p", port.ToString(CultureInfo.InvariantCulture), "-c", scenario.Callers.ToString(CultureInfo.InvariantCulture),
            "-n", count.ToString(CultureInfo.InvariantCulture), "-P", "1", "-r", scenario.Users.ToString(CultureInfo.InvariantCulture), "--csv",
            "XADD", "es:{p00}:user:__rand_int__", "*", "type", "NameChanged", "id", "user-__rand_int__", "name", "Name 7 of user 4242",
            "_version", "8", "_event_id", "AZChssPUfl-KeLydDh8qOw", "_schema", "1",
        ];
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("redis-benchmark did not start (apt-get install redis-tools).");
        var stdout = await process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"redis-benchmark exited {process.ExitCode}: {stderr}");
        // "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var header = Split(lines.First(l => l.StartsWith("\"test\"", StringComparison.Ordinal)));
        var row = Split(lines.Last(l => !l.StartsWith("\"test\"", StringComparison.Ordinal)));
        double Field(string name) => double.Parse(row[Array.IndexOf(header, name)], CultureInfo.InvariantCulture);
        return (Field("rps"), Field("p50_latency_ms"), Field("p99_latency_ms"));
    }

    private static string[] Split(string csvLine) => csvLine.Split("\",\"").Select(s => s.Trim('"')).ToArray();
}
