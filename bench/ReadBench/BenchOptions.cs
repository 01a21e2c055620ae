using System.Globalization;

namespace ReadBench;

/// <summary>The command line: <c>ReadBench [--events N] [--quick] [--output FILE] ...</c> (<c>--help</c> lists all).</summary>
public sealed record BenchOptions
{
    public long Events { get; init; } = 1_000_000;
    public int EventsPerUser { get; init; } = 10;
    public bool Quick { get; init; }
    public IReadOnlyList<RebuildSetting> Settings { get; init; } = RebuildSetting.ParseList("1000x4,50000x4");
    public IReadOnlyList<int?> MartenBatchSizes { get; init; } = [null, 5000];
    public bool Rebuild { get; init; } = true;
    public bool Live { get; init; } = true;
    public bool LivePostgres { get; init; } = true;
    public IReadOnlyList<ModelKind> Models { get; init; } = Enum.GetValues<ModelKind>();
    public double Rate { get; init; } = 2000;
    public int LiveUsers { get; init; } = 10_000;
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(30);
    public string? Output { get; init; }
    public string Command { get; init; } = "bench/run-read.sh";

    public const string Help = """
        ReadBench: the read-side benchmark of issue 10.
          --events N            events loaded for the rebuild part (default 1,000,000; 10 per user)
          --quick               100,000 events, two settings, one Marten configuration, 10 s live windows
          --settings LIST       CopyBuilder settings to try, PAGExPARALLELISM,... (default 1000x4,1000x16,5000x4,5000x16)
          --rate R              live command rate, commands/s (default 2000)
          --live-users N        users the live commands go to (default 10,000)
          --seconds S           measured live window (default 30); --warmup-seconds S (default 10)
          --models LIST         read models to rebuild, of redis,sqlite,postgres (default all three)
          --no-marten           skip Marten's load and rebuild (for quick experiments on one model)
          --no-rebuild | --no-live | --no-postgres-live
          --output FILE         write the Markdown report there (run-read.sh: docs/benchmarks-read.md)
        """;

    public static BenchOptions Parse(string[] args)
    {
        // The command as a reader would rerun it: run-read.sh adds --output itself.
        var shown = args.Where((a, i) => a != "--output" && (i == 0 || args[i - 1] != "--output"));
        var o = new BenchOptions { Command = string.Join(' ', ["bench/run-read.sh", .. shown]) };
        if (args.Contains("--quick"))
        {
            o = o with
            {
                Quick = true,
                Events = 100_000,
                Settings = RebuildSetting.ParseList("1000x4,5000x16"),
                MartenBatchSizes = [null],
                Warmup = TimeSpan.FromSeconds(5),
                Duration = TimeSpan.FromSeconds(10),
            };
        }
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            double Number() => double.Parse(Next(), CultureInfo.InvariantCulture);
            o = args[i] switch
            {
                "--quick" => o,
                "--events" => o with { Events = (long)Number() },
                "--settings" => o with { Settings = RebuildSetting.ParseList(Next()) },
                "--rate" => o with { Rate = Number() },
                "--live-users" => o with { LiveUsers = (int)Number() },
                "--seconds" => o with { Duration = TimeSpan.FromSeconds(Number()) },
                "--warmup-seconds" => o with { Warmup = TimeSpan.FromSeconds(Number()) },
                "--no-rebuild" => o with { Rebuild = false },
                "--no-live" => o with { Live = false },
                "--no-postgres-live" => o with { LivePostgres = false },
                "--models" => o with { Models = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(m => Enum.Parse<ModelKind>(m, ignoreCase: true)).ToList() },
                "--no-marten" => o with { MartenBatchSizes = [] },
                "--output" => o with { Output = Next() },
                _ => throw new ArgumentException($"Unknown option {args[i]}.\n{Help}"),
            };
        }
        if (o.Events % o.EventsPerUser != 0) throw new ArgumentException($"--events must be a multiple of {o.EventsPerUser}.");
        return o;
    }
}
