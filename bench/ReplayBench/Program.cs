using System.Diagnostics;
using LocalRedis;
using ReplayBench;
using StackExchange.Redis;

// Replay benchmark (issue 3). Usage: ReplayBench [--quick] [--output docs/benchmarks-replay.md]
var quick = args.Contains("--quick");
var outputIndex = Array.IndexOf(args, "--output");
var output = outputIndex >= 0 && outputIndex + 1 < args.Length ? args[outputIndex + 1] : null;
var plan = quick ? BenchPlan.Quick : BenchPlan.Full;
var command = "bench/run-replay.sh" + (quick ? " --quick" : "");

var startedAt = DateTimeOffset.UtcNow;
var clock = Stopwatch.StartNew();
var dataDirectory = Path.Combine(Path.GetTempPath(), "replay-bench", Guid.NewGuid().ToString("N"));
var redis = await LocalRedisServer.StartAsync(new LocalRedisServerOptions { DataDirectory = dataDirectory, AppendOnly = false });
try
{
    Console.WriteLine($"redis-server at {redis.ConnectionString} (AOF off, RDB off), {plan.Mode} mode");
    await using var multiplexer = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
    var server = multiplexer.GetServer(multiplexer.GetEndPoints()[0]);
    var machine = await MachineInfo.DescribeAsync(server.Version.ToString());

    var loadBefore = MachineInfo.LoadAverage();
    var runner = new BenchRunner(plan, redis.ConnectionString, multiplexer.GetDatabase(), Console.Out);
    var results = await runner.RunAsync();

    var report = ReportWriter.Render(new RunReport(plan, machine, results, MemoryProbe.PeakBytes(), startedAt, clock.Elapsed, command,
        runner.Breakdown, runner.BreakdownEvents, loadBefore, MachineInfo.LoadAverage()));
    Console.WriteLine();
    Console.WriteLine(report);
    if (output is not null)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        await File.WriteAllTextAsync(output, report);
        Console.WriteLine($"written to {output}");
    }
    var pass = Floors.Replay(results).Pass && Floors.Snapshot(results).Pass;
    return pass ? 0 : 2;
}
finally
{
    await redis.DisposeAsync();
    try { Directory.Delete(dataDirectory, recursive: true); } catch (IOException) { }
}
