using System.Diagnostics;
using EventSourcing.Tests.Infrastructure;
using EventSourcing.Tests.Users;
using Grains.Interfaces;
using RedisEventSourcing;
using Xunit.Abstractions;

namespace EventSourcing.Tests.Faults;

/// <summary>
/// redis-server frozen with SIGSTOP (connections open, no answers) for longer than the operation
/// timeout: a command through the grain and through users-cli must answer while Redis is still
/// frozen ("not applied" or "outcome unknown" with the command id, never success), and a retry
/// with the same command id after SIGCONT lands exactly once. Redis is resumed only after both
/// calls returned, so "answered within the outage" is an ordering, not a timing, assertion.
/// </summary>
public sealed class StalledRedisTests(FaultRedisFixture redis, ITestOutputHelper output) : IClassFixture<FaultRedisFixture>
{
    private const string ClusterId = "stalled";

    [Fact]
    public async Task a_command_against_a_frozen_redis_answers_before_redis_returns_and_its_retry_lands_exactly_once()
    {
        await using var silo = await SiloProcess.StartAsync(redis.ConnectionString, ClusterId, new Dictionary<string, string>
        {
            ["Orleans__ClusteringMode"] = "Localhost",
            ["EventStore__OperationTimeout"] = "00:00:02",
        });
        // Longer than any bounded answer: a call that waited for Redis to come back would fail this way instead.
        await using var client = await SiloClient.ToGatewayAsync(silo.GatewayPort, ClusterId, TimeSpan.FromSeconds(30));
        var (viaGrain, viaCli) = (UserIds.New("stalled-grain"), UserIds.New("stalled-cli"));
        await client.Grains.GetGrain<IUserGrain>(viaGrain).Create("Greta");
        await client.Grains.GetGrain<IUserGrain>(viaCli).Create("Cleo");
        var (grainCommand, cliCommand) = ($"stall-{Guid.NewGuid():N}", $"stall-{Guid.NewGuid():N}");

        EventStoreException grainError;
        (int ExitCode, string Stdout, string Stderr) cli;
        // Redis is resumed only after both calls returned: an answer that needed Redis back would never
        // come (the client gives up after 30 s with an Orleans timeout, which fails the assertions below).
        await redis.PauseAsync();
        try
        {
            var clock = Stopwatch.StartNew();
            CommandMetadata.Set(commandId: grainCommand);
            grainError = await Assert.ThrowsAnyAsync<EventStoreException>(() => client.Grains.GetGrain<IUserGrain>(viaGrain).Rename("Greta Garbo"));
            CommandMetadata.Set();
            output.WriteLine($"grain answered after {clock.Elapsed.TotalSeconds:0.0}s: {grainError.GetType().Name}: {grainError.Message}");
            clock.Restart();
            cli = await CliProcess.RunAsync(silo.GatewayPort, ClusterId, "users", "users", "rename", viaCli, "Cleo Patra", "--command-id", cliCommand, "--connect-timeout", "30");
            output.WriteLine($"users-cli answered after {clock.Elapsed.TotalSeconds:0.0}s (process start included), exit {cli.ExitCode}: {cli.Stderr}");
        }
        finally
        {
            await redis.ResumeAsync();
        }

        // Both answered while Redis was frozen, each with a refusal or "unknown", never a success.
        Assert.True(grainError is EventStoreUnavailableException or EventStoreOutcomeUnknownException, grainError.GetType().Name);
        Assert.Contains(RawLog.UserStreamKey(viaGrain), grainError.Message);
        Assert.True(cli.ExitCode is 3 or 4, $"exit {cli.ExitCode}: {cli.Stderr}");
        var line = Assert.Single(cli.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("IOCP", line);
        if (cli.ExitCode == 4) Assert.Contains($"--command-id {cliCommand}", line);

        // After SIGCONT the same command ids land, once each.
        CommandMetadata.Set(commandId: grainCommand);
        var renamed = await Eventually.SucceedsAsync(() => client.Grains.GetGrain<IUserGrain>(viaGrain).Rename("Greta Garbo"), TimeSpan.FromSeconds(30), "retry through the grain");
        CommandMetadata.Set();
        var retried = await Eventually.SucceedsAsync(async () =>
        {
            var run = await CliProcess.RunAsync(silo.GatewayPort, ClusterId, "users", "users", "rename", viaCli, "Cleo Patra", "--command-id", cliCommand, "--connect-timeout", "30");
            return run.ExitCode == 0 ? run : throw new InvalidOperationException(run.Stderr);
        }, TimeSpan.FromSeconds(60), "retry through users-cli");

        Assert.Equal(("Greta Garbo", 2), (renamed.Name, renamed.Version));
        foreach (var (user, command) in new[] { (viaGrain, grainCommand), (viaCli, cliCommand) })
        {
            var entries = await RawLog.EntriesAsync(redis.Db, RawLog.UserStreamKey(user));
            Assert.Equal(["1", "2"], entries.Select(e => e["_version"]));
            Assert.Single(entries, e => e.GetValueOrDefault("_command_id") == command);
        }
    }
}
