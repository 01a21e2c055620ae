using System.CommandLine;
using System.Globalization;
using LocalRedis;
using ScriptBench;
using StackExchange.Redis;

// What one script call costs Redis (issue 13): the provider's append.lua, any variant of it with the
// same layout, and Orleans' StateStorage write script, side by side on one redis-server with AOF.
// bench/README.md, "Script cost", explains the output.
var aofDir = new Option<string>("--aof-dir") { Description = "Folder for Redis' AOF (e.g. /dev/shm for a tmpfs, /var/tmp for the disk).", DefaultValueFactory = _ => Path.GetTempPath() };
var fsync = new Option<string>("--fsync") { Description = "appendfsync: always (the bench's strict), everysec or no.", DefaultValueFactory = _ => "always" };
var perCall = new Option<string>("--streams-per-call") { Description = "Comma list: streams per append call (the StateStorage script writes one hash per call and runs at 1 only).", DefaultValueFactory = _ => "1,12" };
var inFlight = new Option<int>("--in-flight") { Description = "Calls in flight on the one connection (the write bench's 64 callers).", DefaultValueFactory = _ => 64 };
var calls = new Option<int>("--calls") { Description = "Calls per workload per round.", DefaultValueFactory = _ => 2_000 };
var rounds = new Option<int>("--rounds") { Description = "Rounds; each runs every workload once, in an order reversed every other round.", DefaultValueFactory = _ => 15 };
var variants = new Option<string[]>("--variant") { Description = "A .lua file with append.lua's layout, measured beside it (repeatable).", AllowMultipleArgumentsPerToken = true };
var root = new RootCommand("Redis CPU and throughput per script call: append.lua, its variants, Orleans' StateStorage script.")
{
    aofDir, fsync, perCall, inFlight, calls, rounds, variants,
};
root.SetAction(async (parse, _) =>
{
    var dir = Path.Combine(parse.GetValue(aofDir)!, "scriptbench-redis-" + Guid.NewGuid().ToString("N")[..8]);
    await using var redis = await LocalRedisServer.StartAsync(new LocalRedisServerOptions
    {
        DataDirectory = dir,
        AppendOnly = true,
        AppendFsync = parse.GetValue(fsync)!,
        ExtraArguments = ["--auto-aof-rewrite-percentage", "0"],
    });
    try
    {
        var options = ConfigurationOptions.Parse(redis.ConnectionString);
        options.AllowAdmin = true;
        options.AsyncTimeout = options.SyncTimeout = 60_000;
        await using var connection = await ConnectionMultiplexer.ConnectAsync(options);
        var appendLua = Embedded("append.lua");
        Console.WriteLine($"redis-server {redis.ConnectionString}, AOF in {dir}, appendfsync {parse.GetValue(fsync)}; {parse.GetValue(rounds)} rounds of {parse.GetValue(calls):N0} calls per workload, {parse.GetValue(inFlight)} in flight.");
        Console.WriteLine();
        Console.WriteLine("| workload | streams per call | Redis CPU µs per stream | of which the script (EVALSHA) | streams/s | Redis CPU ÷ append.lua's | streams/s ÷ append.lua's |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var n in parse.GetValue(perCall)!.Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture)))
        {
            var workloads = new List<IScriptWorkload> { new AppendScriptWorkload("append.lua", $"s{n}-append", appendLua, n, streams: 2_000, partitions: 16) };
            foreach (var file in parse.GetValue(variants) ?? []) workloads.Add(new AppendScriptWorkload(Path.GetFileName(file), $"s{n}-v{workloads.Count}", File.ReadAllText(file), n, 2_000, 16));
            if (n == 1) workloads.Add(new StateStorageScriptWorkload($"s{n}-state", grains: 2_000));
            var results = await SideBySide.RunAsync(connection, workloads, parse.GetValue(calls), parse.GetValue(inFlight), parse.GetValue(rounds));
            foreach (var r in results)
                Console.WriteLine($"| {r.Name} | {n} | {r.CpuMicros:F1} | {r.ScriptMicros:F1} | {r.PerSecond:N0} | {r.CpuRatio:F2} | {r.RateRatio:F2} |");
        }
        return 0;
    }
    finally
    {
        await redis.StopAsync();
        Directory.Delete(dir, recursive: true);
    }
});
return await root.Parse(args).InvokeAsync();

static string Embedded(string name)
{
    using var stream = typeof(SideBySide).Assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"{name} is not embedded.");
    return new StreamReader(stream).ReadToEnd();
}
