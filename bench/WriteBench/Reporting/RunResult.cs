using WriteBench.Stores;
using WriteBench.Workloads;

namespace WriteBench.Reporting;

/// <summary>One target's measured phase in one repetition. Null = not applicable to that target.</summary>
public sealed record RunResult
{
    public required string Target { get; init; }
    public required WorkloadKind Workload { get; init; }
    public required Durability Durability { get; init; }
    /// <summary>How far and how slow the store was (set by the suite for every result of a regime).</summary>
    public StoreRegime Regime { get; init; } = StoreRegime.Local;
    public required int Repetition { get; init; }
    public required long Commands { get; init; }
    public required long Events { get; init; }
    public required double Seconds { get; init; }
    public double CommandsPerSecond => Commands / Seconds;
    public double EventsPerSecond => Events / Seconds;
    /// <summary>Commands per second of each measured slice, in the order run (one entry unless interleaved).</summary>
    public IReadOnlyList<double> SliceRates { get; init; } = [];
    /// <summary>Commands per second of each slice of the paired rounds (<see cref="Targets.PairedRounds"/>); empty if it ran none.</summary>
    public IReadOnlyList<double> PairedSliceRates { get; init; } = [];
    /// <summary>Silo CPU seconds per command over the paired rounds.</summary>
    public double? PairedSiloCpuPerCommand { get; init; }
    public double? P50Ms { get; init; }
    public double? P99Ms { get; init; }
    /// <summary>CPU seconds of the silo process during the measured phase.</summary>
    public double? SiloCpu { get; init; }
    /// <summary>CPU seconds of the driver process (Orleans client, or Marten in-process, or the raw caller).</summary>
    public double? ClientCpu { get; init; }
    /// <summary>CPU seconds of redis-server or of all PostgreSQL processes.</summary>
    public double? StoreCpu { get; init; }
    public long? SiloPeakWorkingSet { get; init; }
    /// <summary>Store bytes after the run, all keys / relations counted; users and events stored then.</summary>
    public long? StoreBytes { get; init; }
    public long? UsedMemoryDelta { get; init; }
    public long StoredUsers { get; init; }
    public long StoredEvents { get; init; }
    public double? BytesPerUser => StoreBytes is { } b && StoredUsers > 0 ? (double)b / StoredUsers : null;
    public double? BytesPerEvent => StoreBytes is { } b && StoredEvents > 0 ? (double)b / StoredEvents : null;
    public int Errors { get; init; }
    public string? Note { get; init; }
}
