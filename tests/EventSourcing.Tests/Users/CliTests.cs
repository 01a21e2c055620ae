using System.Text.Json;
using EventSourcing.Tests.Infrastructure;
using Grains.Interfaces;

namespace EventSourcing.Tests.Users;

/// <summary>The real users-cli process against the test cluster's gateway.</summary>
[Collection(ClusterCollection.Name)]
public sealed class CliTests(ClusterFixture fixture)
{
    [Fact]
    public async Task cli_commands_change_the_user_and_get_json_prints_the_documented_object()
    {
        var id = UserIds.New("cli");

        var created = await Cli("users", "create", id, "--name", "Cleo", "--email", "cleo@example.com");
        var moved = await Cli("users", "change-address", id, "2 CLI Road");
        var json = await Cli("users", "get", id, "--json");

        Assert.True(created.ExitCode == 0, created.Stderr);
        Assert.True(moved.ExitCode == 0, moved.Stderr);
        Assert.True(json.ExitCode == 0, json.Stderr);
        using var doc = JsonDocument.Parse(json.Stdout);
        var root = doc.RootElement;
        Assert.Equal(id, root.GetProperty("id").GetString());
        Assert.Equal("Cleo", root.GetProperty("name").GetString());
        Assert.Equal("cleo@example.com", root.GetProperty("email").GetString());
        Assert.Equal("2 CLI Road", root.GetProperty("address").GetString());
        Assert.False(root.GetProperty("deactivated").GetBoolean());
        Assert.Equal(3, root.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task actor_and_correlation_id_given_to_the_cli_reach_every_event_of_the_command()
    {
        var id = UserIds.New("cli-meta");

        var result = await Cli("users", "create", id, "--name", "Mo", "--email", "mo@example.com", "--actor", "ops-team", "--correlation-id", "ticket-77", "--command-id", "cmd-77");
        var history = await fixture.Grains.GetGrain<IUserGrain>(id).GetHistory();

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(2, history.Count);
        Assert.All(history, h =>
        {
            Assert.Equal("ops-team", h.Metadata["actor"]);
            Assert.Equal("ticket-77", h.Metadata["correlation_id"]);
            Assert.Equal("cmd-77", h.Metadata["command_id"]);
        });
        var table = await Cli("users", "history", id);
        Assert.Contains("EmailUpdated", table.Stdout);
        Assert.Contains("ops-team", table.Stdout);
    }

    [Fact]
    public async Task refused_commands_exit_non_zero_with_a_readable_message_and_no_stack_trace()
    {
        var id = UserIds.New("cli-bad");

        var badEmail = await Cli("users", "create", id, "--name", "Bad", "--email", "nope");
        var missing = await Cli("users", "rename", id, "Nobody");
        var both = await Cli("users", "get", id, "--at-version", "1", "--as-of", "2026-01-01T00:00:00Z");

        Assert.True(badEmail.ExitCode == 2, badEmail.Stderr);
        Assert.Contains("not a valid email address", badEmail.Stderr);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("does not exist", missing.Stderr);
        Assert.NotEqual(0, both.ExitCode);
        Assert.DoesNotContain("   at ", badEmail.Stderr + missing.Stderr);
    }

    private Task<(int ExitCode, string Stdout, string Stderr)> Cli(params string[] args) => CliProcess.RunAsync(fixture.Cluster, args);
}
