using System.CommandLine;
using WriteBench;
using WriteBench.Stores;
using WriteBench.Workloads;

// Write-path benchmark of issue 4. bench/run-write.sh builds and runs it; bench/README.md explains the output.
var quick = new Option<bool>("--quick") { Description = "Small sizes (1,000 users / 10,000 commands, L 20×1,000 / 2,000 commands), one repetition: validates the pipeline in minutes." };
var users = new Option<int?>("--users") { Description = "W: users created (default 10,000; quick 1,000)." };
var commands = new Option<int?>("--commands") { Description = "W: measured commands (default 100,000; quick 10,000)." };
var callers = new Option<int>("--callers") { Description = "Concurrent callers.", DefaultValueFactory = _ => 64 };
var longUsers = new Option<int?>("--long-users") { Description = "L: users (default 100; quick 20)." };
var longEvents = new Option<int>("--long-events") { Description = "L: events each L user holds before the run.", DefaultValueFactory = _ => 1000 };
var longCommands = new Option<int?>("--long-commands") { Description = "L: measured commands (default 10,000; quick 2,000)." };
var warmup = new Option<double>("--warmup") { Description = "Fraction of the commands run first, unmeasured.", DefaultValueFactory = _ => 0.1 };
var warmupSeconds = new Option<double?>("--warmup-seconds") { Description = "After the warm-up fraction, keep running unmeasured commands this long, so the JIT has tiered up (default 20; quick 8)." };
var repetitions = new Option<int?>("--repetitions") { Description = "Repetitions of the whole set (default 2; quick 1)." };
var durability = new Option<string>("--durability") { Description = "strict, relaxed or both.", DefaultValueFactory = _ => "both" };
var targets = new Option<string>("--targets") { Description = "Comma list of ours,ours-telemetry,ours-twin,ours-product,orleans-read,xadd,script,logstorage,statestorage,marten (default; ours-twin is a second silo of ours, the A/A control of the side-by-side ratios), and ours-fixed<N>, e.g. ours-fixed4 (the group commit with N fixed calls in flight, for comparison).", DefaultValueFactory = _ => "ours,ours-telemetry,ours-twin,ours-product,orleans-read,xadd,script,logstorage,statestorage,marten" };
var noLong = new Option<bool>("--no-long") { Description = "Skip workload L." };
var sequential = new Option<bool>("--sequential") { Description = "Run every target on its own, one after another, instead of measuring the Orleans targets and the direct script side by side in rotating slices of W (the default)." };
var slices = new Option<int>("--slices") { Description = "Side by side: slices each target's measured W commands are split into, per repetition.", DefaultValueFactory = _ => 10 };
var pairedRounds = new Option<int>("--paired-rounds") { Description = "Side by side: short back-to-back slices a variant (ours-telemetry, ours-twin) and ours run after the slices, in turn; their median ratio is the variant's figure. 0 = none.", DefaultValueFactory = _ => 200 };
var pairedCommands = new Option<int>("--paired-commands") { Description = "Commands each system of a pair runs over its paired rounds.", DefaultValueFactory = _ => 100_000 };
var altSiloDll = new Option<string?>("--alt-silo-dll") { Description = "Another build of bench/WriteBench.Silo (a branch, a candidate change): target ours-telemetry-alt runs it with telemetry on, paired with ours, to compare two builds in one run." };
var siloDll = new Option<string?>("--silo-dll") { Description = "Built bench silo (bench/WriteBench.Silo); default: next to this build." };
var output = new Option<string>("--output") { Description = "Folder of benchmarks.md (its write-path section is rewritten) and benchmarks-write.png.", DefaultValueFactory = _ => "docs" };
var nodeBytes = new Option<int?>("--stream-node-max-bytes") { Description = "Redis stream-node-max-bytes for the runs (default: the probe's best)." };
var storeLatency = new Option<string>("--store-latency") { Description = "Comma list of milliseconds added to every round trip to the store, for every target (a TCP proxy delays each direction by half), e.g. 0,0.5,2.", DefaultValueFactory = _ => "0" };
var aofDir = new Option<string?>("--aof-dir") { Description = "Comma list of folders for the stores' data, AOF and WAL (e.g. /dev/shm for a tmpfs, /var/tmp for the disk); default: the temp folder. Every latency runs with every folder, in the same run." };

var root = new RootCommand("Write-path benchmark: our Redis Streams provider vs raw Redis, Orleans' built-in providers and Marten.")
{
    quick, users, commands, callers, longUsers, longEvents, longCommands, warmup, warmupSeconds, repetitions, durability, targets, noLong, sequential, slices, pairedRounds, pairedCommands, altSiloDll, siloDll, output, nodeBytes, storeLatency, aofDir,
};
root.SetAction(async (parse, _) =>
{
    var q = parse.GetValue(quick);
    var settings = new BenchSettings
    {
        Quick = q,
        Users = parse.GetValue(users) ?? (q ? 1_000 : 10_000),
        Commands = parse.GetValue(commands) ?? (q ? 10_000 : 100_000),
        Callers = parse.GetValue(callers),
        LongUsers = parse.GetValue(longUsers) ?? (q ? 20 : 100),
        LongEvents = parse.GetValue(longEvents),
        LongCommands = parse.GetValue(longCommands) ?? (q ? 2_000 : 10_000),
        WarmupFraction = parse.GetValue(warmup),
        WarmupSeconds = parse.GetValue(warmupSeconds) ?? (q ? 8 : 20),
        Repetitions = parse.GetValue(repetitions) ?? (q ? 1 : 2),
        Durabilities = parse.GetValue(durability) switch
        {
            "strict" => [Durability.Strict],
            "relaxed" => [Durability.Relaxed],
            _ => [Durability.Strict, Durability.Relaxed],
        },
        Targets = parse.GetValue(targets)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
        Long = !parse.GetValue(noLong),
        Interleave = !parse.GetValue(sequential),
        PairedRounds = parse.GetValue(pairedRounds) is >= 0 and var pr ? pr : throw new ArgumentException("--paired-rounds: expected 0 or more."),
        PairedCommands = parse.GetValue(pairedCommands) is > 0 and var pc ? pc : throw new ArgumentException("--paired-commands: expected 1 or more."),
        Slices = parse.GetValue(slices) is > 0 and var n ? n : throw new ArgumentException("--slices: expected 1 or more."),
        SiloDll = parse.GetValue(siloDll) ?? DefaultSiloDll(),
        AltSiloDll = parse.GetValue(altSiloDll) is { } altDll ? Path.GetFullPath(altDll) : null,
        OutputDirectory = parse.GetValue(output)!,
        CommandLine = "bench/run-write.sh " + string.Join(' ', args),
        StreamNodes = parse.GetValue(nodeBytes) is { } b ? new StreamNodeSettings(b, 100) : null,
        Regimes = StoreRegime.Parse(parse.GetValue(storeLatency)!, parse.GetValue(aofDir)),
    };
    return await Suite.RunAsync(settings);
});
return await root.Parse(args).InvokeAsync();

static string DefaultSiloDll() =>
    Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, AppContext.BaseDirectory.Replace("WriteBench", "WriteBench.Silo", StringComparison.Ordinal) == AppContext.BaseDirectory
        ? "." : AppContext.BaseDirectory.Replace("/WriteBench/bin/", "/WriteBench.Silo/bin/", StringComparison.Ordinal), "WriteBench.Silo.dll"));
