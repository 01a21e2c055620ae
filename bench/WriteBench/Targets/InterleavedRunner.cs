using WriteBench.Reporting;
using WriteBench.Workloads;

namespace WriteBench.Targets;

/// <summary>
/// One system of an <see cref="InterleavedRunner"/>. <paramref name="PairedWith"/> names the system
/// it is a variant of (telemetry on against off, a twin against the original): the two then also run
/// the runner's paired rounds, whose slices give the figure comparing them.
/// </summary>
public sealed record InterleavedTarget(string Name, Func<ICommandTarget> Create, bool CreatesUsers = true, string? PairedWith = null);

/// <summary>
/// After the rotating slices, a variant and the system it is paired with run <paramref name="Rounds"/>
/// more short slices each, back to back, in turn (AB, BA, AB, ...), <paramref name="Commands"/> commands
/// each in all. A few-percent difference needs many pairs taken close together: on this machine one
/// slice's rate against the next one's scatters by ±15 % whatever the slice length (0.1 s to 1.2 s),
/// so the median of 20 paired slices moves by about ±3 % from run to run even between two identical
/// silos. Slices this short cost no accuracy: a slice's drain is one command's latency, which is
/// callers ÷ rate, so every slice's rate is scaled by the same N ÷ (N + callers) for either system.
/// </summary>
public sealed record PairedRounds(int Rounds, int Commands);

/// <summary>
/// Systems whose ratios are the figures (ours against the direct script, StateStorage, LogStorage;
/// telemetry on against off), measured side by side instead of one after the other: all are
/// started and warmed, then their measured commands run in slices, each slice's order rotated, so a
/// slow spell of the machine falls on all of them alike. This machine's CPU speed changes by up to
/// 1.75x for seconds to tens of seconds at a time (a fixed single-threaded loop, nothing else
/// running: 166 ms in one minute, 300 ms in the next), which back-to-back runs of 30 s each cannot
/// tell from a difference between the systems.
/// </summary>
public sealed class InterleavedRunner(IReadOnlyList<InterleavedTarget> systems, int slices = 10, PairedRounds? paired = null) : IWriteTarget
{
    public string Name => string.Join(" / ", systems.Select(s => s.Name));

    public bool Supports(WorkloadKind kind) => kind == WorkloadKind.W;

    public async Task<IReadOnlyList<RunResult>> RunAsync(Scenario scenario, Durability durability, int repetition)
    {
        var targets = new List<ICommandTarget>();
        try
        {
            var stored = new long[systems.Count];
            var next = new int[systems.Count];
            for (var i = 0; i < systems.Count; i++)
            {
                targets.Add(systems[i].Create());
                stored[i] = await CommandTargetRunner.PrepareAsync(systems[i].Name, targets[i], scenario, durability, systems[i].CreatesUsers);
                next[i] = CommandTargetRunner.FirstExtraWarmup(scenario);
            }

            // Each gets the full warm-up time, in turns, so none is measured while another still compiles.
            var turn = TimeSpan.FromSeconds(Math.Max(1, scenario.WarmupSeconds / 4));
            for (var warmed = TimeSpan.Zero; warmed < TimeSpan.FromSeconds(scenario.WarmupSeconds); warmed += turn)
            {
                for (var i = 0; i < systems.Count; i++)
                {
                    var (events, after) = await CommandTargetRunner.WarmForAsync(systems[i].Name, targets[i], scenario, turn, next[i]);
                    (stored[i], next[i]) = (stored[i] + events, after);
                }
            }

            var measurements = systems.Select((s, i) => new Measurement(s.Name, targets[i], scenario.Commands)).ToArray();
            var count = Math.Max(1, Math.Min(slices, scenario.Commands / scenario.Callers));
            for (var s = 0; s < count; s++)
            {
                // The same commands for every system; each slice's share of the measured range.
                var first = scenario.WarmupCommands + (int)((long)scenario.Commands * s / count);
                var size = scenario.WarmupCommands + (int)((long)scenario.Commands * (s + 1) / count) - first;
                // Rotated, and reversed every other slice: no system always runs right after another.
                var order = Enumerable.Range(0, systems.Count).Select(k => (k + s / 2) % systems.Count);
                if (s % 2 == 1) order = order.Reverse();
                foreach (var i in order) await measurements[i].RunSliceAsync(scenario, first, size);
            }

            var results = new List<RunResult>();
            for (var i = 0; i < systems.Count; i++)
                results.Add(await measurements[i].ResultAsync(scenario, durability, repetition, stored[i], systems[i].CreatesUsers,
                    $"measured in {count} slices, interleaved with {systems.Count - 1} other system(s)"));
            if (paired is not null) await RunPairedRoundsAsync(scenario, targets, next.Max(), results);
            return results;
        }
        finally
        {
            foreach (var t in targets) await t.DisposeAsync();
        }
    }

    /// <summary>
    /// Each variant with the system it is paired with, in blocks run back to back, the order rotated
    /// and reversed as above; their slice rates and silo CPU go to the results' Paired* figures only,
    /// so the main figures of every system keep the same commands and slices.
    /// </summary>
    private async Task RunPairedRoundsAsync(Scenario scenario, List<ICommandTarget> targets, int firstCommand, List<RunResult> results)
    {
        foreach (var group in systems.Select((s, i) => (s, i)).Where(x => x.s.PairedWith is not null).GroupBy(x => x.s.PairedWith!))
        {
            var baseline = systems.ToList().FindIndex(s => s.Name == group.Key);
            if (baseline < 0) continue;
            int[] block = [baseline, .. group.Select(x => x.i)];
            var size = Math.Max(scenario.Callers, paired!.Commands / paired.Rounds);
            var measured = block.Select(i => new Measurement(systems[i].Name, targets[i], size * paired.Rounds)).ToArray();
            for (var r = 0; r < paired.Rounds; r++)
            {
                var order = Enumerable.Range(0, block.Length).Select(k => (k + r / 2) % block.Length);
                if (r % 2 == 1) order = order.Reverse();
                foreach (var k in order) await measured[k].RunSliceAsync(scenario, firstCommand + r * size, size);
            }
            for (var k = 0; k < block.Length; k++)
                results[block[k]] = results[block[k]] with { PairedSliceRates = measured[k].SliceRates, PairedSiloCpuPerCommand = measured[k].SiloCpuPerCommand };
        }
    }
}
