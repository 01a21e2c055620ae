using WriteBench.Stores;
using WriteBench.Workloads;

namespace WriteBench;

/// <summary>Everything one invocation measures, from the command line.</summary>
public sealed record BenchSettings
{
    public required int Users { get; init; }
    public required int Commands { get; init; }
    public required int Callers { get; init; }
    public required int LongUsers { get; init; }
    public required int LongEvents { get; init; }
    public required int LongCommands { get; init; }
    public required double WarmupFraction { get; init; }
    public required double WarmupSeconds { get; init; }
    public required int Repetitions { get; init; }
    public required IReadOnlyList<Durability> Durabilities { get; init; }
    public required IReadOnlyList<string> Targets { get; init; }
    public required bool Long { get; init; }

    /// <summary>W's command targets measured side by side in rotating slices (<see cref="Targets.InterleavedRunner"/>).</summary>
    public bool Interleave { get; init; } = true;
    /// <summary>Slices per target and repetition when side by side.</summary>
    public int Slices { get; init; } = 10;
    /// <summary>Paired rounds after the slices, for a variant and the system it varies (<see cref="Targets.PairedRounds"/>); 0 = none.</summary>
    public int PairedRounds { get; init; } = 200;
    /// <summary>Commands each system of a pair runs over its paired rounds.</summary>
    public int PairedCommands { get; init; } = 100_000;
    public required string SiloDll { get; init; }
    /// <summary>Another build of the bench silo, for target ours-telemetry-alt.</summary>
    public string? AltSiloDll { get; init; }
    public required string OutputDirectory { get; init; }
    public required string CommandLine { get; init; }
    public required bool Quick { get; init; }
    public StreamNodeSettings? StreamNodes { get; init; }
    /// <summary>Every store regime measured, each with every target, interleaved within each repetition.</summary>
    public required IReadOnlyList<StoreRegime> Regimes { get; init; }

    public Scenario W => new(WorkloadKind.W, Users, Commands, (int)(Commands * WarmupFraction), Callers, 0, WarmupSeconds);

    public Scenario L => new(WorkloadKind.L, LongUsers, LongCommands, (int)(LongCommands * WarmupFraction), Callers, LongEvents, WarmupSeconds);
}
