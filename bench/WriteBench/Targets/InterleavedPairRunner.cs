using WriteBench.Reporting;
using WriteBench.Workloads;

namespace WriteBench.Targets;

/// <summary>
/// Two targets whose ratio is the figure (ours with telemetry on ÷ off, issue 14), measured side by
/// side instead of one after the other: both are started and warmed, then their measured commands
/// alternate in slices, A B B A A B ..., so a slow spell of the machine falls on both alike.
/// This machine's CPU speed changes by up to 1.75x for seconds to tens of seconds at a time
/// (a fixed single-threaded loop, nothing else running: 166 ms in one minute, 300 ms in the next), which
/// back-to-back runs of 30 s each cannot tell from a difference between the targets.
/// </summary>
public sealed class InterleavedPairRunner(string nameA, Func<ICommandTarget> createA, string nameB, Func<ICommandTarget> createB, int slices = 20) : IWriteTarget
{
    public string Name => $"{nameA} / {nameB}";

    public bool Supports(WorkloadKind kind) => true;

    public async Task<IReadOnlyList<RunResult>> RunAsync(Scenario scenario, Durability durability, int repetition)
    {
        await using var a = createA();
        await using var b = createB();
        var storedA = await CommandTargetRunner.PrepareAsync(nameA, a, scenario, durability, createsUsers: true);
        var storedB = await CommandTargetRunner.PrepareAsync(nameB, b, scenario, durability, createsUsers: true);

        // Each gets the full warm-up time, in turns, so neither is measured while the other still compiles.
        var turn = TimeSpan.FromSeconds(Math.Max(1, scenario.WarmupSeconds / 4));
        int nextA = CommandTargetRunner.FirstExtraWarmup(scenario), nextB = nextA;
        for (var warmed = TimeSpan.Zero; warmed < TimeSpan.FromSeconds(scenario.WarmupSeconds); warmed += turn)
        {
            var (eventsA, afterA) = await CommandTargetRunner.WarmForAsync(nameA, a, scenario, turn, nextA);
            var (eventsB, afterB) = await CommandTargetRunner.WarmForAsync(nameB, b, scenario, turn, nextB);
            (storedA, nextA, storedB, nextB) = (storedA + eventsA, afterA, storedB + eventsB, afterB);
        }

        var measureA = new Measurement(nameA, a, scenario.Commands);
        var measureB = new Measurement(nameB, b, scenario.Commands);
        var count = Math.Max(1, Math.Min(slices, scenario.Commands / scenario.Callers));
        for (var s = 0; s < count; s++)
        {
            // The same commands for both; each slice's share of the measured range.
            var first = scenario.WarmupCommands + (int)((long)scenario.Commands * s / count);
            var size = scenario.WarmupCommands + (int)((long)scenario.Commands * (s + 1) / count) - first;
            // A B, B A, A B ...: whichever runs second in a pair is not favoured by a trend within the pair.
            var (x, y) = s % 2 == 0 ? (measureA, measureB) : (measureB, measureA);
            await x.RunSliceAsync(scenario, first, size);
            await y.RunSliceAsync(scenario, first, size);
        }
        return
        [
            await measureA.ResultAsync(scenario, durability, repetition, storedA, createsUsers: true, $"measured in {count} slices alternating with {nameB}"),
            await measureB.ResultAsync(scenario, durability, repetition, storedB, createsUsers: true, $"measured in {count} slices alternating with {nameA}"),
        ];
    }
}
