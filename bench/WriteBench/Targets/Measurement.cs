using WriteBench.Reporting;
using WriteBench.Workloads;

namespace WriteBench.Targets;

/// <summary>
/// The measured commands of one target, taken in one slice or several (<see cref="InterleavedRunner"/>):
/// latencies, wall time, events and the CPU of silo, client and store are summed over the slices.
/// </summary>
public sealed class Measurement(string name, ICommandTarget target, int commands)
{
    private readonly LatencyRecorder _latencies = new(commands);
    private double _seconds;
    private long _events;
    private int _errors;
    private int _measured;
    private double? _siloCpu;
    private double _clientCpu;
    private double _storeCpu;
    private readonly List<double> _sliceRates = [];

    /// <summary>Commands per second of each slice so far, in the order run.</summary>
    public IReadOnlyList<double> SliceRates => _sliceRates;

    /// <summary>Silo CPU seconds per measured command so far (null where the target has no silo).</summary>
    public double? SiloCpuPerCommand => _siloCpu is { } cpu && _measured > 0 ? cpu / _measured : null;

    /// <summary>Runs commands <paramref name="first"/> .. first + count - 1 with the scenario's callers, measured.</summary>
    public async Task RunSliceAsync(Scenario scenario, int first, int count)
    {
        var before = target.Cpu();
        var run = await Callers.RunAsync(first, count, scenario.Callers, (i, c) => target.ExecuteAsync(Command.For(scenario, i), c), _latencies);
        var after = target.Cpu();
        _seconds += run.Elapsed.TotalSeconds;
        _events += run.Events;
        _errors += run.Errors;
        _measured += count;
        _sliceRates.Add((count - run.Errors) / run.Elapsed.TotalSeconds);
        _siloCpu = after.Silo - before.Silo + (_siloCpu ?? 0);
        _clientCpu += after.Client - before.Client;
        _storeCpu += after.Store - before.Store;
        if (run.Errors > 0) Console.Error.WriteLine($"  {name}: {run.Errors} commands failed; first: {run.FirstError}");
    }

    public async Task<RunResult> ResultAsync(Scenario scenario, Durability durability, int repetition, long storedBefore, bool createsUsers, string? note = null)
    {
        var (bytes, usedDelta, detail) = await target.FootprintAsync();
        return new RunResult
        {
            Target = name,
            Workload = scenario.Kind,
            Durability = durability,
            Repetition = repetition,
            Commands = _measured - _errors,
            Events = _events,
            Seconds = _seconds,
            SliceRates = [.. _sliceRates],
            P50Ms = _latencies.PercentileMs(50),
            P99Ms = _latencies.PercentileMs(99),
            SiloCpu = _siloCpu,
            ClientCpu = _clientCpu,
            StoreCpu = _storeCpu,
            SiloPeakWorkingSet = target.SiloPeakWorkingSet(),
            StoreBytes = bytes,
            UsedMemoryDelta = usedDelta,
            StoredUsers = createsUsers ? scenario.Users : scenario.Callers,
            StoredEvents = storedBefore + _events,
            Errors = _errors,
            Note = note is null ? detail : detail is null ? note : $"{note}; {detail}",
        };
    }
}
