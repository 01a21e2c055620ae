using System.Diagnostics;
using Grains.Interfaces;

namespace ReplayBench;

/// <summary>One measured activation: the first call to a deactivated grain, and what it allocated.</summary>
public sealed record ActivationSample(TimeSpan Elapsed, long AllocatedBytes, TimeSpan GcPause, int Gen2Collections);

public static class ActivationProbe
{
    /// <summary>Deactivates every grain, then times <c>GetState</c>, which activates (replays) the user.</summary>
    public static async Task<ActivationSample> MeasureAsync(BenchSilo silo, string userId, int expectedVersion)
    {
        await silo.DeactivateAllAsync();
        var grain = silo.Grains.GetGrain<IUserGrain>(userId);
        Quiesce();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: false);
        var pauseBefore = GC.GetTotalPauseDuration();
        var gen2Before = GC.CollectionCount(2);
        var watch = Stopwatch.StartNew();
        var view = await grain.GetState();
        watch.Stop();
        var allocated = GC.GetTotalAllocatedBytes(precise: false) - allocatedBefore;
        var pause = GC.GetTotalPauseDuration() - pauseBefore;
        var gen2 = GC.CollectionCount(2) - gen2Before;
        if (view.Version != expectedVersion)
            throw new InvalidOperationException($"User '{userId}' activated at version {view.Version}, expected {expectedVersion}.");
        return new ActivationSample(watch.Elapsed, allocated, pause, gen2);
    }

    /// <summary>A full blocking GC before each timed operation, so one run's garbage is not charged to the next.</summary>
    public static void Quiesce()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}
