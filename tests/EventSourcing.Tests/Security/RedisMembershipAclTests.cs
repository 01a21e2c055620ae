using EventSourcing.Tests.Infrastructure;
using Grains.Interfaces;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace EventSourcing.Tests.Security;

/// <summary>
/// The documented ACL line with Redis clustering: src/Silo as a process keeps its membership row
/// in Redis as the least-privilege user, and users-cli finds it with <c>--redis</c> as that same
/// user (docs/security.md: one user for the silos and the CLI), both over TLS.
/// </summary>
[Collection(SecureClusterCollection.Name)]
public sealed class RedisMembershipAclTests(SecureClusterFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task a_silo_with_redis_membership_as_the_acl_user_is_found_and_used_by_the_cli_through_redis()
    {
        var clusterId = $"acl-{Guid.NewGuid():N}";
        await using var admin = await ConnectAsAdminAsync();
        var refusedBefore = await RefusalsAsync(admin);
        await using var silo = await SiloProcess.StartAsync(fixture.SiloConnectionString, clusterId, fixture.SiloProcessSettings());
        var id = $"aclmember-{Guid.NewGuid():N}";

        var create = await Cli(clusterId, "users", "create", id, "--name", "Grace");
        var get = await Cli(clusterId, "users", "get", id, "--json");

        Assert.True(create.ExitCode == 0, create.Stderr + silo.Output);
        Assert.True(get.ExitCode == 0, get.Stderr + silo.Output);
        Assert.Contains("\"Grace\"", get.Stdout);
        // The row the CLI found the gateway by, written by the silo as the ACL user.
        var members = await admin.GetDatabase().HashGetAllAsync($"users/members/{clusterId}");
        Assert.Contains(members, m => m.Name.ToString().StartsWith($"S127.0.0.1:{silo.SiloPort}:", StringComparison.Ordinal));
        // Nothing the silo or the CLI did as that user was refused, but what StackExchange.Redis
        // asks when it connects and does without (docs/security.md, Notes).
        var refused = (await RefusalsAsync(admin)).Where(r => r.Value > refusedBefore.GetValueOrDefault(r.Key)).Select(r => r.Key).ToList();
        output.WriteLine($"refused meanwhile: {string.Join("; ", refused)}");
        Assert.All(refused, r => Assert.Matches(@"^command toplevel (config\|get|get|client\|setinfo) by ", r));
    }

    /// <summary>What <c>ACL LOG</c> holds: each refusal (reason, what was refused, by whom) and how often.</summary>
    private static async Task<Dictionary<string, long>> RefusalsAsync(ConnectionMultiplexer admin)
    {
        var log = (RedisResult[])(await admin.GetServers()[0].ExecuteAsync("ACL", "LOG"))!;
        return log.Select(entry => entry.ToDictionary()).ToDictionary(
            e => $"{e["reason"]} {e["context"]} {e["object"]} by {e["username"]}",
            e => (long)e["count"]);
    }

    /// <summary>users-cli through the membership table: <c>--redis</c> as the ACL user, TLS to Redis and to the gateway.</summary>
    private Task<(int ExitCode, string Stdout, string Stderr)> Cli(string clusterId, params string[] args) =>
        CliProcess.RunAsync([.. args, "--redis", fixture.SiloConnectionString, "--redis-tls-ca", fixture.Certificates.CaFile,
            "--cluster-id", clusterId, "--service-id", "users", "--connect-timeout", "30", .. fixture.CliTlsArguments]);

    private async Task<ConnectionMultiplexer> ConnectAsAdminAsync()
    {
        var options = ConfigurationOptions.Parse($"127.0.0.1:{fixture.Redis.Port},password={fixture.AdminPassword},ssl=true");
        options.TrustIssuer(fixture.Certificates.CaFile);
        options.AllowAdmin = true;
        return await ConnectionMultiplexer.ConnectAsync(options);
    }
}
