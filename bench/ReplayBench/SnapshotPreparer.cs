using System.Diagnostics;
using Grains.Interfaces;
using StackExchange.Redis;

namespace ReplayBench;

/// <summary>
/// Gives a user a snapshot at its last version: one activation replays the stream and writes the
/// snapshot in the background (version - snapshot version >= SnapshotEvery); wait until Redis has it.
/// </summary>
public static class SnapshotPreparer
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    /// <returns>How long the snapshot-writing activation took.</returns>
    public static async Task<TimeSpan> PrepareAsync(BenchSilo silo, IDatabase db, string snapshotKey, string userId, int version)
    {
        await silo.DeactivateAllAsync();
        var watch = Stopwatch.StartNew();
        var view = await silo.Grains.GetGrain<IUserGrain>(userId).GetState();
        var elapsed = watch.Elapsed;
        if (view.Version != version)
            throw new InvalidOperationException($"User '{userId}' activated at version {view.Version}, expected {version}.");
        while ((int?)await db.HashGetAsync(snapshotKey, "version") != version)
        {
            if (watch.Elapsed > Deadline)
                throw new TimeoutException($"No snapshot at version {version} in '{snapshotKey}' after {Deadline.TotalSeconds:0} s.");
            await Task.Delay(20);
        }
        await silo.DeactivateAllAsync();
        return elapsed;
    }
}
