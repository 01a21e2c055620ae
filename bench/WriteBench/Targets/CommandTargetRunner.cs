using System.Diagnostics;
using WriteBench.Reporting;
using WriteBench.Workloads;

namespace WriteBench.Targets;

/// <summary>
/// The common shape of a run: fresh store, create or load users (not measured), warm-up commands
/// (not measured), then the measured commands with per-command latency and CPU before/after.
/// </summary>
public sealed class CommandTargetRunner(string name, Func<ICommandTarget> create, bool createsUsers = true) : IWriteTarget
{
    public string Name => name;

    public bool Supports(WorkloadKind kind) => true;

    public async Task<RunResult> RunAsync(Scenario scenario, Durability durability, int repetition)
    {
        await using var target = create();
        await target.StartAsync(scenario, durability);
        var ids = Enumerable.Range(0, scenario.Users).Select(scenario.UserId).ToArray();
        long stored = 0;
        if (scenario.Kind == WorkloadKind.W && createsUsers)
        {
            var created = await Callers.RunAsync(0, scenario.Users, scenario.Callers, (i, _) => target.CreateUserAsync(ids[i], i));
            Throw(created.Errors, created.FirstError, "creating users");
            stored += created.Events;
        }
        else if (scenario.Kind == WorkloadKind.L)
        {
            await target.SeedAsync(ids, scenario.SeedEventsPerUser);
            stored += (long)scenario.Users * scenario.SeedEventsPerUser;
        }

        var warm = await Callers.RunAsync(0, scenario.WarmupCommands, scenario.Callers, (i, c) => target.ExecuteAsync(Command.For(scenario, i), c));
        Throw(warm.Errors, warm.FirstError, "warming up");
        stored += warm.Events;
        // .NET compiles hot methods again, optimised, only after they have run a while (tiered JIT):
        // a count-based warm-up that ends in a second measures the cold code.
        var warmClock = Stopwatch.StartNew();
        var chunk = Math.Max(scenario.Callers * 50, 1000);
        for (var next = scenario.WarmupCommands + scenario.Commands; warmClock.Elapsed.TotalSeconds < scenario.WarmupSeconds; next += chunk)
        {
            var more = await Callers.RunAsync(next, chunk, scenario.Callers, (i, c) => target.ExecuteAsync(Command.For(scenario, i), c));
            Throw(more.Errors, more.FirstError, "warming up");
            stored += more.Events;
        }

        var latencies = new LatencyRecorder(scenario.Commands);
        var before = target.Cpu();
        var run = await Callers.RunAsync(scenario.WarmupCommands, scenario.Commands, scenario.Callers,
            (i, c) => target.ExecuteAsync(Command.For(scenario, i), c), latencies);
        var after = target.Cpu();
        stored += run.Events;
        if (run.Errors > 0) Console.Error.WriteLine($"  {name}: {run.Errors} commands failed; first: {run.FirstError}");

        var (bytes, usedDelta, detail) = await target.FootprintAsync();
        return new RunResult
        {
            Target = name,
            Workload = scenario.Kind,
            Durability = durability,
            Repetition = repetition,
            Commands = scenario.Commands - run.Errors,
            Events = run.Events,
            Seconds = run.Elapsed.TotalSeconds,
            P50Ms = latencies.PercentileMs(50),
            P99Ms = latencies.PercentileMs(99),
            SiloCpu = after.Silo - before.Silo,
            ClientCpu = after.Client - before.Client,
            StoreCpu = after.Store - before.Store,
            SiloPeakWorkingSet = target.SiloPeakWorkingSet(),
            StoreBytes = bytes,
            UsedMemoryDelta = usedDelta,
            StoredUsers = createsUsers ? scenario.Users : scenario.Callers,
            StoredEvents = stored,
            Errors = run.Errors,
            Note = detail,
        };
    }

    public static double DriverCpu() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

    private void Throw(int errors, Exception? first, string what)
    {
        if (errors > 0) throw new InvalidOperationException($"{name}: {errors} operations failed while {what}.", first);
    }
}
