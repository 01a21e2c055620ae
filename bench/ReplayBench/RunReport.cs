namespace ReplayBench;

/// <summary>One run, as the report shows it.</summary>
public sealed record RunReport(
    BenchPlan Plan,
    MachineInfo Machine,
    IReadOnlyList<LengthResult> Results,
    long ProcessPeakRssBytes,
    DateTimeOffset StartedAt,
    TimeSpan Duration,
    string Command,
    IReadOnlyList<DecodeBreakdown.Stage> Breakdown,
    int BreakdownEvents,
    string LoadAverageBefore,
    string LoadAverageAfter);
