using System.Collections.Concurrent;
using System.Diagnostics;
using Grains.Interfaces;

namespace ReadBench;

/// <summary>
/// Sends commands at a fixed rate whatever the answers (open loop): command <c>i</c> is issued at
/// <c>i / rate</c> seconds, so a slow system faces the same arrivals and its queues show, unlike
/// a closed loop that slows down with it. Command <c>i</c> goes to user <c>i mod users</c> and
/// renames it, changes its email or its address in turn, always to a new value: one event each.
/// </summary>
public static class OpenLoopDriver
{
    public static async Task<DriveResult> RunAsync(IGrainFactory grains, int users, double rate, TimeSpan duration, long firstCommand)
    {
        var latencies = new ConcurrentBag<double>();
        long failed = 0;
        string? firstError = null;
        var pending = new List<Task>((int)(rate * duration.TotalSeconds) + 16);
        var watch = Stopwatch.StartNew();
        long issued = 0;
        double maxSlipMs = 0;
        var total = (long)(rate * duration.TotalSeconds);
        while (issued < total)
        {
            var due = Math.Min(total, (long)(watch.Elapsed.TotalSeconds * rate) + 1);
            // How late the oldest due command goes out: the driver's own delay, not the system's.
            if (issued < due) maxSlipMs = Math.Max(maxSlipMs, watch.Elapsed.TotalMilliseconds - issued / rate * 1000);
            for (; issued < due; issued++)
                pending.Add(SendAsync(grains, users, firstCommand + issued, latencies, e =>
                {
                    Interlocked.Increment(ref failed);
                    Interlocked.CompareExchange(ref firstError, e.GetType().Name + ": " + e.Message, null);
                }));
            await Task.Delay(1);
        }
        var sendTime = watch.Elapsed;
        await Task.WhenAll(pending);
        var sorted = Percentiles.Sorted(latencies);
        return new DriveResult(rate, sendTime, issued, sorted.Length, failed,
            Percentiles.Of(sorted, 50), Percentiles.Of(sorted, 99), sorted.Length > 0 ? sorted[^1] : double.NaN, maxSlipMs, firstError);
    }

    /// <summary>Creates the users (UserCreated + EmailUpdated each), 64 at a time: the set-up before the measured traffic.</summary>
    public static async Task CreateUsersAsync(IGrainFactory grains, int users)
    {
        await Parallel.ForEachAsync(Enumerable.Range(0, users), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (u, _) =>
            await grains.GetGrain<IUserGrain>(LiveUserId(u)).Create($"Live user {u}", $"live{u}@example.com"));
    }

    public static string LiveUserId(int user) => "live" + user.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    private static async Task SendAsync(IGrainFactory grains, int users, long command, ConcurrentBag<double> latencies, Action<Exception> onFailure)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            var user = grains.GetGrain<IUserGrain>(LiveUserId((int)(command % users)));
            var round = command / users;
            _ = (round % 3) switch
            {
                0 => await user.Rename($"Live name {command}"),
                1 => await user.ChangeEmail($"live{command}@example.com"),
                _ => await user.ChangeAddress($"{command} Live Street"),
            };
            latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        catch (Exception e)
        {
            // Counted and reported (with the first message), not thrown: the run goes on at its rate.
            onFailure(e);
        }
    }
}
