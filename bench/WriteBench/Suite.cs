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
    public const string OursFixed = "ours, fixed 4 calls in flight";
    public const string OursProduct = "ours through the product UserGrain";
    public const string OursTwin = "ours again, a second silo (A/A control)";
    public const string OursTelemetryAlt = "ours + telemetry, the --alt-silo-dll build";

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
        Console.WriteLine($"Runs use {streamNodes}; stores: {string.Join(" | ", settings.Regimes.Select(r => r.Label()))}.");

        var postgres = new Dictionary<StoreRegime, BenchPostgres>();
        var results = new List<RunResult>();
        var scenarios = settings.Long ? new[] { settings.W, settings.L } : [settings.W];
        try
        {
            for (var rep = 1; rep <= settings.Repetitions; rep++)
            {
                // Regimes interleave within a repetition, so a slow spell of a shared machine hits them all alike.
                foreach (var regime in settings.Regimes)
                {
                    StoreRegime.Current = regime;
                    if (settings.Targets.Contains("marten") && !postgres.ContainsKey(regime)) postgres[regime] = await BenchPostgres.StartAsync(regime);
                    var targets = BuildTargets(settings, streamNodes, postgres.GetValueOrDefault(regime));
                    foreach (var durability in settings.Durabilities)
                    {
                        foreach (var scenario in scenarios)
                        {
                            Console.WriteLine($"[rep {rep}] [{regime.Label()}] {scenario.Describe()}; {durability.Label()}; load average {LoadAverage()}");
                            RunResult? ours = null;
                            foreach (var target in targets.Where(t => t.Supports(scenario.Kind)))
                            {
                                IReadOnlyList<RunResult> run;
                                try
                                {
                                    run = await target.RunAsync(scenario, durability, rep);
                                }
                                catch (Exception e)
                                {
                                    Console.Error.WriteLine($"  {target.Name} failed: {e}");
                                    continue;
                                }
                                foreach (var measured in run)
                                {
                                    var result = measured with { Regime = regime };
                                    results.Add(result);
                                    if (result.Target == Ours) ours = result;
                                    Console.WriteLine("  " + ConsoleLine.Format(result, ours));
                                }
                            }
                        }
                    }
                }
            }
        }
        finally
        {
            foreach (var pg in postgres.Values) await pg.DisposeAsync();
        }

        var report = new Report(settings, probes, streamNodes, results, started, DateTimeOffset.UtcNow);
        var floors = Floors.Evaluate(results, probes.First(p => p.Settings == streamNodes));
        foreach (var f in floors) Console.WriteLine(f.Line);
        Directory.CreateDirectory(settings.OutputDirectory);
        var chart = Path.Combine(settings.OutputDirectory, "benchmarks-write.png");
        Chart.Write(results, chart);
        var markdown = Path.Combine(settings.OutputDirectory, "benchmarks.md");
        // Every result with its slices, for analysis beyond the report (not committed with docs/).
        await File.WriteAllTextAsync(Path.Combine(settings.OutputDirectory, "benchmarks-write.json"),
            System.Text.Json.JsonSerializer.Serialize(results, new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        await GeneratedSection.WriteAsync(markdown, "bench/run-write.sh", MarkdownReport.Render(report, floors, Path.GetFileName(chart)));
        Console.WriteLine($"Wrote {markdown} and {chart}.");
        return 0;
    }

    private static List<IWriteTarget> BuildTargets(BenchSettings settings, StreamNodeSettings streamNodes, BenchPostgres? postgres)
    {
        var commandTargets = new List<(string Key, InterleavedTarget System)>
        {
            ("ours", new(Ours, () => new OrleansTarget("ours", settings.SiloDll, streamNodes))),
            ("ours-telemetry", new(OursTelemetry, () => new OrleansTarget("ours-telemetry", settings.SiloDll, streamNodes), PairedWith: Ours)),
            // The same system twice: what the paired-slice estimator reads when nothing differs (its own spread).
            ("ours-twin", new(OursTwin, () => new OrleansTarget("ours", settings.SiloDll, streamNodes), PairedWith: Ours)),
            // The same provider and silo behind the real UserGrain (full validation, a UserView reply):
            // what the product's own command logic costs beyond the bench copy every provider runs.
            ("ours-product", new(OursProduct, () => new OrleansTarget("ours", settings.SiloDll, streamNodes, productGrain: true))),
            // The group commit as it was before it adapted (issue 13), to compare the two in the same run.
            ("ours-fixed4", new(OursFixed, () => new OrleansTarget("ours", settings.SiloDll, streamNodes, siloArguments: ["--EventStore:AppendCallsInFlight", "4"]))),
            ("orleans-read", new(OrleansRead, () => new OrleansTarget("ours", settings.SiloDll, streamNodes, readsOnly: true))),
            ("script", new(Script, () => new RawScriptTarget(streamNodes), CreatesUsers: false)),
            ("logstorage", new(LogStorage, () => new OrleansTarget("logstorage", settings.SiloDll, streamNodes))),
            ("statestorage", new(StateStorage, () => new OrleansTarget("statestorage", settings.SiloDll, streamNodes))),
        };
        // Another build of the bench silo (a branch, a candidate change) with telemetry on, paired with ours: an A/B of two builds in one run.
        if (settings.AltSiloDll is { } alt)
            commandTargets.Add(("ours-telemetry-alt", new(OursTelemetryAlt, () => new OrleansTarget("ours-telemetry", alt, streamNodes), PairedWith: Ours)));
        // ours-fixed<N> for any other N: the group commit with N fixed calls in flight, for sweeps.
        foreach (var key in settings.Targets.Where(t => t.StartsWith("ours-fixed", StringComparison.Ordinal) && t != "ours-fixed4"))
        {
            if (!int.TryParse(key["ours-fixed".Length..], out var n) || n < 1) throw new ArgumentException($"Target '{key}': expected ours-fixed<N> with N ≥ 1.");
            commandTargets.Add((key, new($"ours, fixed {n} calls in flight", () => new OrleansTarget("ours", settings.SiloDll, streamNodes, siloArguments: ["--EventStore:AppendCallsInFlight", n.ToString(System.Globalization.CultureInfo.InvariantCulture)]))));
        }
        var chosen = commandTargets.Where(t => settings.Targets.Contains(t.Key)).Select(t => t.System).ToList();
        var targets = new List<IWriteTarget>();
        if (settings.Interleave && chosen.Count > 1)
        {
            // Ours and the baselines its floors compare it with, side by side in rotating slices of W
            // (InterleavedRunner), so the machine's slow spells fall on all alike; L runs them one by one.
            targets.Add(new InterleavedRunner(chosen, settings.Slices, settings.PairedRounds > 0 ? new PairedRounds(settings.PairedRounds, settings.PairedCommands) : null));
            targets.AddRange(chosen.Select(c => new CommandTargetRunner(c.Name, c.Create, c.CreatesUsers, only: WorkloadKind.L)));
        }
        else
        {
            targets.AddRange(chosen.Select(c => new CommandTargetRunner(c.Name, c.Create, c.CreatesUsers)));
        }
        // redis-benchmark (its own process) and Marten (a few hundred commands a second) run on their own.
        if (settings.Targets.Contains("xadd")) targets.Add(new RedisBenchmarkTarget(streamNodes));
        if (postgres is not null && settings.Targets.Contains("marten")) targets.Add(new CommandTargetRunner(Marten, () => new MartenTarget(postgres)));
        return targets;
    }

    private static string LoadAverage()
    {
        try { return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (IOException) { return "?"; }
    }
}
