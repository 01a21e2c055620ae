using System.Diagnostics;
using WriteBench.Reporting;
using WriteBench.Workloads;

namespace WriteBench.Targets;

/// <summary>
/// The common shape of a run: fresh store, create or load users (not measured), warm-up commands
/// (not measured), then the measured commands with per-command latency and CPU before/after.
/// </summary>
/// <param name="only">The one workload this runner takes (null: every workload).</param>
public sealed class CommandTargetRunner(string name, Func<ICommandTarget> create, bool createsUsers = true, WorkloadKind? only = null) : IWriteTarget
{
    public string Name => name;

    public bool Supports(WorkloadKind kind) => only is null || only == kind;

    public async Task<IReadOnlyList<RunResult>> RunAsync(Scenario scenario, Durability durability, int repetition)
    {
        await using var target = create();
        var stored = await PrepareAsync(name, target, scenario, durability, createsUsers);
        stored += (await WarmForAsync(name, target, scenario, TimeSpan.FromSeconds(scenario.WarmupSeconds), FirstExtraWarmup(scenario))).Events;

        var measurement = new Measurement(name, target, scenario.Commands);
        await measurement.RunSliceAsync(scenario, scenario.WarmupCommands, scenario.Commands);
        return [await measurement.ResultAsync(scenario, durability, repetition, stored, createsUsers)];
    }

    /// <summary>
    /// Fresh store, users created or loaded, then the first warm-up commands (all unmeasured).
    /// Returns the events stored so far.
    /// </summary>
    public static async Task<long> PrepareAsync(string name, ICommandTarget target, Scenario scenario, Durability durability, bool createsUsers)
    {
        await target.StartAsync(scenario, durability);
        var ids = Enumerable.Range(0, scenario.Users).Select(scenario.UserId).ToArray();
        long stored = 0;
        if (scenario.Kind == WorkloadKind.W && createsUsers)
        {
            var created = await Callers.RunAsync(0, scenario.Users, scenario.Callers, (i, _) => target.CreateUserAsync(ids[i], i));
            Throw(name, created.Errors, created.FirstError, "creating users");
            stored += created.Events;
        }
        else if (scenario.Kind == WorkloadKind.L)
        {
            await target.SeedAsync(ids, scenario.SeedEventsPerUser);
            stored += (long)scenario.Users * scenario.SeedEventsPerUser;
        }

        var warm = await Callers.RunAsync(0, scenario.WarmupCommands, scenario.Callers, (i, c) => target.ExecuteAsync(Command.For(scenario, i), c));
        Throw(name, warm.Errors, warm.FirstError, "warming up");
        return stored + warm.Events;
    }

    /// <summary>
    /// More unmeasured commands for <paramref name="duration"/>, numbered from <paramref name="first"/>
    /// (past the measured ones): .NET compiles hot methods again, optimised, only after they have run
    /// a while (tiered JIT), so a count-based warm-up that ends in a second measures the cold code.
    /// Returns the events stored and the number the next warm-up command takes.
    /// </summary>
    public static async Task<(long Events, int Next)> WarmForAsync(string name, ICommandTarget target, Scenario scenario, TimeSpan duration, int first)
    {
        long stored = 0;
        var warmClock = Stopwatch.StartNew();
        var chunk = Math.Max(scenario.Callers * 50, 1000);
        var next = first;
        for (; warmClock.Elapsed < duration; next += chunk)
        {
            var more = await Callers.RunAsync(next, chunk, scenario.Callers, (i, c) => target.ExecuteAsync(Command.For(scenario, i), c));
            Throw(name, more.Errors, more.FirstError, "warming up");
            stored += more.Events;
        }
        return (stored, next);
    }

    /// <summary>The first warm-up command number after the count-based warm-up and the measured commands.</summary>
    public static int FirstExtraWarmup(Scenario scenario) => scenario.WarmupCommands + scenario.Commands;

    public static double DriverCpu() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

    private static void Throw(string name, int errors, Exception? first, string what)
    {
        if (errors > 0) throw new InvalidOperationException($"{name}: {errors} operations failed while {what}.", first);
    }
}
