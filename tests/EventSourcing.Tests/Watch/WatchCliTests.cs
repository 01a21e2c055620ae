using System.Diagnostics;
using System.Text.Json;
using EventSourcing.Tests.Infrastructure;
using Grains.Interfaces;

namespace EventSourcing.Tests.Watch;

/// <summary>The real users-cli process: <c>users watch</c> prints JSON lines as events land, and Ctrl-C ends it with exit code 0.</summary>
[Collection(ClusterCollection.Name)]
public sealed class WatchCliTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task users_watch_prints_each_new_event_as_a_json_line_and_exits_0_on_ctrl_c()
    {
        var id = $"watch-cli-{Guid.NewGuid():N}";
        var user = fixture.Grains.GetGrain<IUserGrain>(id);
        await user.Create("Hal", "hal@example.com");
        using var cli = StartCli("users", "watch", id, "--from-version", "1", "--json");
        using var deadline = new CancellationTokenSource(Deadline);

        var started = await cli.StandardError.ReadLineAsync(deadline.Token);
        var replayed = await cli.StandardOutput.ReadLineAsync(deadline.Token);
        await user.Rename("Hal Nine");
        var live = await cli.StandardOutput.ReadLineAsync(deadline.Token);
        Process.Start("kill", ["-INT", cli.Id.ToString()])!.WaitForExit();
        await cli.WaitForExitAsync(deadline.Token);

        Assert.Equal($"watching user '{id}' after version 1 (Ctrl-C to stop)", started);
        Assert.Equal(("event", 2, "EmailUpdated"), Summary(replayed));
        Assert.Equal(("event", 3, "NameChanged"), Summary(live));
        Assert.Equal("Hal Nine", JsonDocument.Parse(live!).RootElement.GetProperty("payload").GetProperty("name").GetString());
        Assert.Equal(0, cli.ExitCode);
        Assert.False((await fixture.Grains.GetGrain<IUserWatchGrain>(id).GetStatus()).Tailing);
    }

    [Fact]
    public async Task users_watch_prints_one_readable_line_per_event_with_its_change_and_command_id()
    {
        var id = $"watch-cli-line-{Guid.NewGuid():N}";
        var user = fixture.Grains.GetGrain<IUserGrain>(id);
        await user.Create("Ida");
        using var cli = StartCli("users", "watch", id);
        using var deadline = new CancellationTokenSource(Deadline);

        await cli.StandardError.ReadLineAsync(deadline.Token);
        RedisEventSourcing.CommandMetadata.Set(commandId: "cmd-ida-rename");
        await user.Rename("Ida Lane");
        var line = await cli.StandardOutput.ReadLineAsync(deadline.Token);
        Process.Start("kill", ["-INT", cli.Id.ToString()])!.WaitForExit();
        await cli.WaitForExitAsync(deadline.Token);

        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}  v2  NameChanged  name=Ida Lane  command cmd-ida-rename  \d+-\d+$", line);
        Assert.Equal(0, cli.ExitCode);
    }

    private static (string?, int, string?) Summary(string? line)
    {
        var json = JsonDocument.Parse(line ?? throw new Xunit.Sdk.XunitException("users watch printed nothing")).RootElement;
        return (json.GetProperty("kind").GetString(), json.GetProperty("version").GetInt32(), json.GetProperty("type").GetString());
    }

    private Process StartCli(params string[] args)
    {
        var cluster = fixture.Cluster;
        // Through env --default-signal=INT: a test run started in the background of a non-interactive
        // shell inherits SIGINT ignored, and .NET keeps an ignored SIGINT ignored, so Ctrl-C would never
        // reach the CLI (env execs dotnet in the same process, so Id stays the CLI's).
        var start = new ProcessStartInfo("env") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "--default-signal=INT", "dotnet", Path.Combine(AppContext.BaseDirectory, "users-cli.dll") }.Concat(args).Concat(["--gateway",
                     $"127.0.0.1:{cluster.Primary!.GatewayAddress!.Endpoint.Port}", "--cluster-id", cluster.Options.ClusterId, "--service-id", cluster.Options.ServiceId]))
            start.ArgumentList.Add(a);
        return Process.Start(start)!;
    }
}
