using EventSourcing.Tests.Infrastructure;
using EventSourcing.Tests.Users;
using Grains.Interfaces;
using RedisEventSourcing;
using Xunit.Abstractions;

namespace EventSourcing.Tests.Faults;

/// <summary>
/// redis-server (<c>appendfsync always</c>) killed with SIGKILL twice under a rename load, and
/// restarted on the same port and data directory: no acknowledged command is lost; while Redis is
/// down, commands fail fast (within the operation timeout) with a one-line error (details in the
/// silo's log); they succeed again
/// once it is back, through the same silo; the read model resumes and ends exact.
/// </summary>
public sealed class RedisCrashTests(FaultRedisFixture redis, ITestOutputHelper output) : IClassFixture<FaultRedisFixture>
{
    private const string ClusterId = "redis-crash";
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan OperationTimeout = TimeSpan.FromSeconds(2);
    // docs/operations.md: a command fails within OperationTimeout; the rest is Orleans' messaging
    // between the test's client and the silo process on a 2-core box busy with the suite.
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task acknowledged_commands_survive_redis_killed_twice_and_commands_fail_clearly_while_it_is_down()
    {
        await using var silo = await SiloProcess.StartAsync(redis.ConnectionString, ClusterId, new Dictionary<string, string>
        {
            ["Orleans__ClusteringMode"] = "Localhost",
            ["EventStore__OperationTimeout"] = OperationTimeout.ToString(),
        });
        await using var client = await SiloClient.ToGatewayAsync(silo.GatewayPort, ClusterId, TimeSpan.FromSeconds(30));
        var users = Enumerable.Range(0, 20).Select(i => UserIds.New($"rcrash{i}")).ToList();
        await CommandLoad.CreateUsersAsync(() => client.Grains, users);
        var load = new CommandLoad(users);
        using var stop = new CancellationTokenSource();
        var running = load.RunAsync(() => client.Grains, 4, stop.Token);

        string? cliError = null;
        for (var crash = 0; crash < 2; crash++)
        {
            await ProgressAsync(load, 20);
            await redis.Server!.KillAsync();
            output.WriteLine($"killed redis-server (acknowledged so far {load.AcknowledgedCount})");

            // Down: once the connection is known lost, a command is refused at once, nothing appended.
            var (down, took) = await Eventually.SucceedsAsync(async () =>
            {
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                try
                {
                    await client.Grains.GetGrain<IUserGrain>(users[0]).Rename($"down-{Guid.NewGuid():N}");
                }
                catch (EventStoreUnavailableException e)
                {
                    return (e, System.Diagnostics.Stopwatch.GetElapsedTime(started));
                }
                throw new InvalidOperationException("not refused as unavailable yet");
            }, Settle, "a command refused while Redis is down");
            output.WriteLine($"refused after {took.TotalSeconds:0.00} s: {down.Message}");
            Assert.True(took <= OperationTimeout + Margin, $"refused after {took.TotalSeconds:0.00} s, more than the {OperationTimeout.TotalSeconds:0} s operation timeout + {Margin.TotalSeconds:0} s");
            // One clear sentence: the stream, that nothing was applied (read or append refused), what to do.
            Assert.Contains(RawLog.UserStreamKey(users[0]), down.Message);
            Assert.Matches("Nothing was (appended|applied)", down.Message);
            Assert.DoesNotContain("IOCP", down.Message);
            var cli = await CliProcess.RunAsync(silo.GatewayPort, ClusterId, "users", "users", "rename", users[1], $"cli-{crash}", "--connect-timeout", "30");
            output.WriteLine($"users-cli while Redis is down, exit {cli.ExitCode}: {cli.Stderr}");
            Assert.True(cli.ExitCode is 3 or 4, $"exit {cli.ExitCode}: {cli.Stderr}");
            cliError = Assert.Single(cli.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));

            await redis.Server.RestartAsync();
            output.WriteLine("restarted redis-server");
        }
        // Back: the same silo takes commands again, with no restart.
        await ProgressAsync(load, 20);
        await stop.CancelAsync();
        await running.WaitAsync(Settle);

        var audit = await LogAudit.ReadAsync(redis.Db, users, load.Acknowledged);
        output.WriteLine($"2 Redis kills, {load.Failed} failed calls (the slowest answered in {load.SlowestFailure.TotalSeconds:0.00} s): {audit}");
        // Fail fast: no caller waited for Redis to come back, whatever the call met (a dead
        // connection, a reconnect, its grain's activation reading the log).
        Assert.True(load.SlowestFailure <= OperationTimeout + Margin, $"a call failed after {load.SlowestFailure.TotalSeconds:0.00} s");
        Assert.Empty(audit.Gaps);
        Assert.Empty(audit.Lost);
        Assert.Empty(audit.Duplicated);
        foreach (var noise in new[] { "IOCP", "POOL", "Busy=", "inst:", "mgr:" }) Assert.DoesNotContain(noise, cliError);
        // "retry once Redis answers again" or "the command can be retried": what to do, in one line.
        Assert.Matches("(?i)retr(y|ied)", cliError);
        // The details the caller did not get went to the silo's log.
        Assert.Contains("RedisConnectionException", silo.Output);

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

    private static Task ProgressAsync(CommandLoad load, int more)
    {
        var target = load.AcknowledgedCount + more;
        return Eventually.TrueAsync(() => Task.FromResult(load.AcknowledgedCount >= target), Settle, $"{more} more acknowledged commands");
    }
}
