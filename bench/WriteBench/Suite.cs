using LocalPostgres;
using WriteBench.Reporting;
using WriteBench.Stores;
using WriteBench.Targets;
using WriteBench.Workloads;

namespace WriteBench;

/// <summary>Memory probe, then every target × durability × workload, repeated; then the report.</summary>
public static class Suite
{
    public const string Ours = "ours (Redis Streams provider)";
    public const string OursTelemetry = "ours + telemetry (OTLP metrics, traces)";
    public const string Xadd = "redis-benchmark XADD";
    public const string Script = "append.lua direct";
    public const string LogStorage = "Orleans LogStorage";
    public const string StateStorage = "Orleans StateStorage";
    public const string Marten = "Marten 9 (QuickAppend)";
    public const string OrleansRead = "Orleans round trip only (GetState)";

    public static readonly StreamNodeSettings[] ProbedSettings =
        [StreamNodeSettings.RedisDefault, new(2048, 100), new(1024, 100), new(768, 100), new(640, 100)];

    public static async Task<int> RunAsync(BenchSettings settings)
    {
        var started = DateTimeOffset.UtcNow;
        Console.WriteLine($"Memory probe: {string.Join("; ", ProbedSettings.Select(s => s.ToString()))}");
        var probes = new List<MemoryProbeResult>();
        foreach (var s in ProbedSettings)
        {
            var probe = await MemoryProbe.RunAsync(s, settings.Quick ? 500 : 2000, 10);
            probes.Add(probe);
            Console.WriteLine($"  {s}: {probe.BytesPerSmallUser:N0} B/user with 5 events (feed {probe.FeedBytesPerSmallUser:N0}), {probe.BytesPerLongEvent:N0} B/event at 1,000 events");
        }
        var streamNodes = settings.StreamNodes ?? probes.MinBy(p => p.BytesPerSmallUser)!.Settings;
        Console.WriteLine($"Runs use {streamNodes}; store: {StoreRegime.Current.Label()}.");

        await using var postgres = settings.Targets.Contains("marten") ? await BenchPostgres.StartAsync() : null;
        var targets = BuildTargets(settings, streamNodes, postgres);
        var results = new List<RunResult>();
        var scenarios = settings.Long ? new[] { settings.W, settings.L } : [settings.W];
        for (var rep = 1; rep <= settings.Repetitions; rep++)
        {
            foreach (var durability in settings.Durabilities)
            {
                foreach (var scenario in scenarios)
                {
                    Console.WriteLine($"[rep {rep}] {scenario.Describe()}; {durability.Label()}");
                    RunResult? ours = null;
                    foreach (var target in targets.Where(t => t.Supports(scenario.Kind)))
                    {
                        RunResult result;
                        try
                        {
                            result = await target.RunAsync(scenario, durability, rep);
                        }
                        catch (Exception e)
                        {
                            Console.Error.WriteLine($"  {target.Name} failed: {e}");
                            continue;
                        }
                        results.Add(result);
                        if (target.Name == Ours) ours = result;
                        Console.WriteLine("  " + ConsoleLine.Format(result, ours));
                    }
                }
            }
        }

        var report = new Report(settings, probes, streamNodes, results, started, DateTimeOffset.UtcNow);
        var floors = Floors.Evaluate(results, probes.First(p => p.Settings == streamNodes));
        foreach (var f in floors) Console.WriteLine(f.Line);
        Directory.CreateDirectory(settings.OutputDirectory);
        var chart = Path.Combine(settings.OutputDirectory, "benchmarks-write.png");
        Chart.Write(results, chart);
        var markdown = Path.Combine(settings.OutputDirectory, "benchmarks.md");
        await GeneratedSection.WriteAsync(markdown, "bench/run-write.sh", MarkdownReport.Render(report, floors, Path.GetFileName(chart)));
        Console.WriteLine($"Wrote {markdown} and {chart}.");
        return 0;
    }

    private static List<IWriteTarget> BuildTargets(BenchSettings settings, StreamNodeSettings streamNodes, LocalPostgresCluster? postgres)
    {
        var all = new List<(string Key, IWriteTarget Target)>
        {
            ("ours", new CommandTargetRunner(Ours, () => new OrleansTarget("ours", settings.SiloDll, streamNodes))),
            // Right after ours, so the pair sees the machine in as nearly the same state as a run can.
            ("ours-telemetry", new CommandTargetRunner(OursTelemetry, () => new OrleansTarget("ours-telemetry", settings.SiloDll, streamNodes))),
            ("xadd", new RedisBenchmarkTarget(streamNodes)),
            ("orleans-read", new CommandTargetRunner(OrleansRead, () => new OrleansTarget("ours", settings.SiloDll, streamNodes, readsOnly: true))),
            ("script", new CommandTargetRunner(Script, () => new RawScriptTarget(streamNodes), createsUsers: false)),
            ("logstorage", new CommandTargetRunner(LogStorage, () => new OrleansTarget("logstorage", settings.SiloDll, streamNodes))),
            ("statestorage", new CommandTargetRunner(StateStorage, () => new OrleansTarget("statestorage", settings.SiloDll, streamNodes))),
        };
        if (postgres is not null) all.Add(("marten", new CommandTargetRunner(Marten, () => new MartenTarget(postgres))));
        return all.Where(t => settings.Targets.Contains(t.Key)).Select(t => t.Target).ToList();
    }
}
