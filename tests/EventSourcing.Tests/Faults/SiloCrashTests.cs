using System.Globalization;
using EventSourcing.Tests.Infrastructure;
using EventSourcing.Tests.Users;
using Grains.Interfaces;
using RedisEventSourcing.Storage;
using Xunit.Abstractions;

namespace EventSourcing.Tests.Faults;

/// <summary>
/// Three silos as separate processes (src/Silo's Silo.dll, Redis membership) take a steady rename
/// load over many users while one silo after another is killed with SIGKILL and started again;
/// the last one killed stays dead, and the two left must take over its grains and its projection
/// partitions while the load goes on. Every acknowledged command must be in the log exactly once,
/// every stream contiguous, the grains (reactivated elsewhere) and the Redis read model equal to
/// the fold of the log. <c>bench/run-crash.sh</c> runs the same test longer (FAULTS_CRASH_SECONDS).
/// </summary>
public sealed class SiloCrashTests(FaultRedisFixture redis, ITestOutputHelper output) : IClassFixture<FaultRedisFixture>
{
    private const int Silos = 3;
    private const int Users = 40;
    private const int Workers = 12;
    private const int Partitions = 16;
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);
    // Orleans' defaults (3 missed probes of 5 s, 2 votes) take some 15-30 s; the rest is for a busy box.
    private static readonly TimeSpan DeathDeclared = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task acknowledged_commands_survive_silos_killed_under_load_exactly_once_and_grains_and_read_models_end_exact()
    {
        var seconds = int.TryParse(Environment.GetEnvironmentVariable("FAULTS_CRASH_SECONDS"), out var s) ? s : 20;
        var clusterId = $"crash-{Guid.NewGuid():N}";
        var settings = new Dictionary<string, string> { ["EventStore__OperationTimeout"] = "00:00:02" };
        var silos = await Task.WhenAll(Enumerable.Range(0, Silos).Select(_ => SiloProcess.StartAsync(redis.ConnectionString, clusterId, settings)));
        try
        {
            await using var client = await SiloClient.ThroughRedisAsync(redis.ConnectionString, clusterId, TimeSpan.FromSeconds(5));
            var users = UsersInEveryPartition();
            await CommandLoad.CreateUsersAsync(() => client.Grains, users);

            var load = new CommandLoad(users);
            using var stop = new CancellationTokenSource();
            var running = load.RunAsync(() => client.Grains, Workers, stop.Token);
            var started = DateTime.UtcNow;
            // At least two kills the silo comes back from, and more until the load has run its time.
            var kills = 0;
            for (var k = 0; k < 2 || DateTime.UtcNow - started < TimeSpan.FromSeconds(seconds); k++, kills++)
            {
                // Kill only while commands are being acknowledged, so every kill lands under load.
                await ProgressAsync(load, 100);
                var victim = silos[k % Silos];
                await victim.KillAsync();
                output.WriteLine($"{DateTime.UtcNow - started:mm\\:ss} killed silo {k % Silos} (acknowledged so far {load.AcknowledgedCount})");
                // Started again at once, on the same ports: the new generation declares the dead one gone, which
                // Orleans' failure detector alone would take tens of seconds to do (calls to the grains and
                // directory partitions the dead silo held would wait that long). Its activations are lost all the same.
                await victim.StartAsync();
                output.WriteLine($"{DateTime.UtcNow - started:mm\\:ss} restarted silo {k % Silos}");
                await ProgressAsync(load, 20);
            }

            // The last kill is for good: only Orleans' failure detector can declare this silo dead,
            // and until then calls to what it held fail or wait. The load goes on throughout.
            await ProgressAsync(load, 100);
            var dead = silos[kills % Silos];
            await dead.KillAsync();
            kills++;
            output.WriteLine($"{DateTime.UtcNow - started:mm\\:ss} killed silo {(kills - 1) % Silos} for good (acknowledged so far {load.AcknowledgedCount})");
            var management = client.Grains.GetGrain<IManagementGrain>(0);
            await Eventually.TrueAsync(async () =>
            {
                try
                {
                    return (await management.GetHosts(onlyActive: true)).Count == Silos - 1;
                }
                catch (Exception e) when (e is TimeoutException or SiloUnavailableException or OrleansMessageRejectionException or OperationCanceledException)
                {
                    // The management grain itself may have lived on the dead silo, or its placement may
                    // still ask the dead silo's directory partition ("message expired before placement").
                    return false;
                }
            }, DeathDeclared, "the two silos left declaring the killed one dead");
            output.WriteLine($"{DateTime.UtcNow - started:mm\\:ss} the killed silo is declared dead");
            // Every user, wherever its grain lived, is served again by the silos left.
            var before = users.ToDictionary(u => u, load.AcknowledgedOf);
            await Eventually.TrueAsync(() => Task.FromResult(users.All(u => load.AcknowledgedOf(u) > before[u])), Settle,
                "a command of every user acknowledged by the two silos left");
            output.WriteLine($"{DateTime.UtcNow - started:mm\\:ss} every user served again (acknowledged so far {load.AcknowledgedCount})");
            await stop.CancelAsync();
            await running.WaitAsync(TimeSpan.FromSeconds(60));

            var audit = await LogAudit.ReadAsync(redis.Db, users, load.Acknowledged);
            output.WriteLine($"{kills} kills, {load.Failed} failed calls: {audit}");
            Assert.Empty(audit.Gaps);
            Assert.Empty(audit.Lost);
            Assert.Empty(audit.Duplicated);
            Assert.True(audit.Persisted >= audit.Acknowledged, audit.ToString());
            Assert.True(audit.Acknowledged > 0, audit.ToString());

            // The grains, reactivated wherever they now live, and the read model, caught up, both equal the
            // fold. Each user's last command came after the dead silo was gone, and every partition has
            // users: so each partition's projection, the dead silo's too, went on in a silo left.
            var queries = client.Grains.GetGrain<IUserQueryGrain>(0);
            foreach (var user in users)
            {
                var (name, version) = audit.Folds[user];
                var state = await Eventually.SucceedsAsync(() => client.Grains.GetGrain<IUserGrain>(user).GetState(), Settle, $"grain {user}");
                Assert.Equal((name, version), (state.Name, state.Version));
                await Eventually.TrueAsync(async () => (await queries.Get(user, version, waitMs: 0)).User is { } row && (row.Name, row.Version) == (name, version),
                    Settle, $"read model of {user} at version {version}");
            }
        }
        catch (Exception) when (Dump(silos))
        {
            throw;
        }
        finally
        {
            await Task.WhenAll(silos.Select(silo => silo.StopAsync()));
        }
    }

    /// <summary>Two users or more in each of the silo's partitions (EventStore:Partitions, 16 by default), so every projection partition is checked.</summary>
    private static List<string> UsersInEveryPartition()
    {
        var keys = new StreamKeys("es", Partitions);
        var users = new List<string>();
        while (users.Count < Users || Enumerable.Range(0, Partitions).Any(p => users.Count(u => keys.PartitionOf(u) == p) < 2))
        {
            var id = UserIds.New($"crash{users.Count}");
            if (users.Count < Users || users.Count(u => keys.PartitionOf(u) == keys.PartitionOf(id)) < 2) users.Add(id);
        }
        return users;
    }

    private static Task ProgressAsync(CommandLoad load, int more)
    {
        var target = load.AcknowledgedCount + more;
        return Eventually.TrueAsync(() => Task.FromResult(load.AcknowledgedCount >= target), Settle, $"{more} more acknowledged commands");
    }

    /// <summary>On failure, the silos' output goes to the test log (returns false: the exception goes on).</summary>
    private bool Dump(SiloProcess[] silos)
    {
        for (var i = 0; i < silos.Length; i++)
            output.WriteLine($"--- silo {i}\n{silos[i].Output}");
        return false;
    }
}
