using System.Collections.Concurrent;
using Grains.Interfaces;
using RedisEventSourcing;

namespace EventSourcing.Tests.Faults;

/// <summary>
/// A steady command load over many users: renames, each under its own command id and to a name
/// of its own (so each applies and appends exactly one NameChanged). Records which commands were
/// acknowledged; a failed one may or may not have landed and is only counted.
/// </summary>
public sealed class CommandLoad(IReadOnlyList<string> users)
{
    private readonly ConcurrentDictionary<string, string> _acknowledged = new(StringComparer.Ordinal);
    private int _failed;
    private long _slowestFailureTicks;

    public IReadOnlyList<string> Users => users;

    /// <summary>Command id → user, of every command whose caller got a success.</summary>
    public IReadOnlyDictionary<string, string> Acknowledged => _acknowledged;

    public int AcknowledgedCount => _acknowledged.Count;

    /// <summary>How many commands of <paramref name="user"/> were acknowledged so far.</summary>
    public int AcknowledgedOf(string user) => _acknowledged.Values.Count(u => u == user);

    public int Failed => Volatile.Read(ref _failed);

    /// <summary>The longest a failed call made its caller wait for the error.</summary>
    public TimeSpan SlowestFailure => TimeSpan.FromTicks(Interlocked.Read(ref _slowestFailureTicks));

    public static async Task CreateUsersAsync(Func<IGrainFactory> grains, IEnumerable<string> users) =>
        await Task.WhenAll(users.Select(id => Infrastructure.Eventually.SucceedsAsync(
            () => grains().GetGrain<IUserGrain>(id).Create("Initial"), TimeSpan.FromSeconds(60), $"create {id}")));

    /// <summary>Runs <paramref name="workers"/> callers until <paramref name="stop"/>; <paramref name="grains"/> picks the cluster per call.</summary>
    public Task RunAsync(Func<IGrainFactory> grains, int workers, CancellationToken stop) =>
        Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(() => WorkerAsync(grains, w, stop))));

    private async Task WorkerAsync(Func<IGrainFactory> grains, int worker, CancellationToken stop)
    {
        var random = new Random(worker);
        while (!stop.IsCancellationRequested)
        {
            var user = users[random.Next(users.Count)];
            var commandId = $"load-{Guid.NewGuid():N}";
            CommandMetadata.Set(commandId: commandId);
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                await grains().GetGrain<IUserGrain>(user).Rename($"n-{commandId[5..17]}");
                _acknowledged[commandId] = user;
            }
            catch (Exception)
            {
                Interlocked.Increment(ref _failed);
                var took = System.Diagnostics.Stopwatch.GetElapsedTime(started).Ticks;
                for (var slowest = Interlocked.Read(ref _slowestFailureTicks); took > slowest; slowest = Interlocked.Read(ref _slowestFailureTicks))
                    if (Interlocked.CompareExchange(ref _slowestFailureTicks, took, slowest) == slowest) break;
                // Back off a little so a dead silo is not hammered in a tight loop.
                await Task.Delay(20 + random.Next(80), CancellationToken.None);
            }
            finally
            {
                CommandMetadata.Set();
            }
        }
    }
}
