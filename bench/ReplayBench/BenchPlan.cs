namespace ReplayBench;

/// <summary>What one run measures: history lengths and how many timed repetitions each gets.</summary>
public sealed record BenchPlan(string Mode, int[] HistoryLengths, int Repetitions, int RepetitionsAtMillion, int SnapshotRepetitions, int WarmupActivations, int ReadPageSize, int SnapshotEvery)
{
    /// <summary>The user whose snapshot activation is the yardstick of the snapshot floor.</summary>
    public const int BaselineLength = 100;

    /// <summary>The replay floor is judged on histories at least this long, where the fixed cost of an activation is small.</summary>
    public const int ReplayFloorMinLength = 10_000;

    public static BenchPlan Quick { get; } = new("quick", [100, 1_000, 10_000, 100_000], Repetitions: 5, RepetitionsAtMillion: 0, SnapshotRepetitions: 15, WarmupActivations: 3, ReadPageSize: 1000, SnapshotEvery: 100);

    public static BenchPlan Full { get; } = new("full", [100, 1_000, 10_000, 100_000, 1_000_000], Repetitions: 7, RepetitionsAtMillion: 3, SnapshotRepetitions: 21, WarmupActivations: 5, ReadPageSize: 1000, SnapshotEvery: 100);

    public int RepetitionsFor(int length) => length >= 1_000_000 ? RepetitionsAtMillion : Repetitions;

    public static string UserIdFor(int length) => $"replay-{length}";

    public const string WarmupUserId = "replay-warmup";

    public const int WarmupLength = 1_000;
}
