using System.Globalization;
using EventSourcing.Tests.Infrastructure;
using EventSourcing.Tests.Users;
using Grains.Interfaces;
using Xunit.Abstractions;

namespace EventSourcing.Tests.Faults;

/// <summary>
/// Three silos as separate processes (src/Silo's Silo.dll, Redis membership) take a steady rename
/// load over many users while one silo after another is killed with SIGKILL and started again.
/// Every acknowledged command must be in the log exactly once, every stream contiguous, the grains
/// (reactivated elsewhere) and the Redis read model equal to the fold of the log.
/// <c>bench/run-crash.sh</c> runs the same test longer (FAULTS_CRASH_SECONDS).
/// </summary>
public sealed class SiloCrashTests(FaultRedisFixture redis, ITestOutputHelper output) : IClassFixture<FaultRedisFixture>
{
    private const int Silos = 3;
    private const int Users = 40;
    private const int Workers = 12;
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);

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
            var users = Enumerable.Range(0, Users).Select(i => UserIds.New($"crash{i}")).ToList();
            await CommandLoad.CreateUsersAsync(() => client.Grains, users);

            var load = new CommandLoad(users);
            using var stop = new CancellationTokenSource();
            var running = load.RunAsync(() => client.Grains, Workers, stop.Token);
            var started = DateTime.UtcNow;
            // At least three kills, and more until the load has run its time.
            var kills = 0;
            for (var k = 0; k < 3 || DateTime.UtcNow - started < TimeSpan.FromSeconds(seconds); k++, kills++)
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
            await stop.CancelAsync();
            await running.WaitAsync(TimeSpan.FromSeconds(60));

            var audit = await LogAudit.ReadAsync(redis.Db, users, load.Acknowledged);
            output.WriteLine($"{kills} kills, {load.Failed} failed calls: {audit}");
            Assert.Empty(audit.Gaps);
            Assert.Empty(audit.Lost);
            Assert.Empty(audit.Duplicated);
            Assert.True(audit.Persisted >= audit.Acknowledged, audit.ToString());
            Assert.True(audit.Acknowledged > 0, audit.ToString());

            // The grains, reactivated wherever they now live, and the read model, caught up, both equal the fold.
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
