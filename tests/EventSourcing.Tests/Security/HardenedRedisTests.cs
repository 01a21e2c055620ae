using EventSourcing.Tests.Infrastructure;
using Grains.Interfaces;
using StackExchange.Redis;

namespace EventSourcing.Tests.Security;

/// <summary>The silo as the least-privilege ACL user, over TLS to Redis and TLS to its gateway.</summary>
[Collection(SecureClusterCollection.Name)]
public sealed class HardenedRedisTests(SecureClusterFixture fixture)
{
    private Task<(int ExitCode, string Stdout, string Stderr)> Cli(params string[] args) =>
        CliProcess.RunAsync(fixture.Cluster, [.. args, .. fixture.CliTlsArguments]);

    [Fact]
    public async Task a_silo_connected_as_the_acl_user_over_tls_runs_commands_queries_and_a_rebuild()
    {
        var id = $"acl-{Guid.NewGuid():N}";
        var email = $"{id}@example.com";
        await fixture.Grains.GetGrain<IUserGrain>(id).Create("Ada", email);
        var renamed = await fixture.Grains.GetGrain<IUserGrain>(id).Rename("Ada Lovelace");

        // The read side (feeds, checkpoints, the Redis model, the catalog) runs under the same ACL.
        var read = await fixture.Grains.GetGrain<IUserQueryGrain>(0).Get(id, renamed.Version, waitMs: 10_000);
        Assert.Equal("Ada Lovelace", read.User?.Name);
        Assert.Equal(id, (await fixture.Grains.GetGrain<IUserQueryGrain>(0).FindByEmail(email))?.Id);

        var rebuild = await Cli("projections", "rebuild", "users_redis");
        Assert.True(rebuild.ExitCode == 0, rebuild.Stderr);
        Assert.Contains("users_redis now reads", rebuild.Stdout);

        var get = await Cli("users", "get", id, "--json");
        Assert.True(get.ExitCode == 0, get.Stderr);
        Assert.Contains("\"Ada Lovelace\"", get.Stdout);
        Assert.Equal(id, (await fixture.Grains.GetGrain<IUserQueryGrain>(0).FindByEmail(email))?.Id);
    }

    [Theory]
    [InlineData("FLUSHALL")]
    [InlineData("CONFIG", "GET", "maxmemory")]
    [InlineData("KEYS", "*")]
    [InlineData("ACL", "SETUSER", "es-silo", "+@all")]
    [InlineData("SCRIPT", "FLUSH")]
    [InlineData("SET", "es:meta-overwritten", "x")]
    [InlineData("HSET", "other:key", "f", "v")]
    [InlineData("XADD", "other-app:{p00}:feed", "*", "f", "v")]
    [InlineData("GET", "__Booksleeve_TieBreak")]
    public async Task the_acl_user_is_refused_what_it_does_not_need(string command, params string[] args)
    {
        await using var redis = await fixture.ConnectAsSiloUserAsync();

        var refused = await Assert.ThrowsAsync<RedisServerException>(() => redis.GetDatabase().ExecuteAsync(command, args.Cast<object>().ToArray()));

        Assert.StartsWith("NOPERM", refused.Message);
    }

    [Fact]
    public async Task a_script_run_by_the_acl_user_cannot_reach_keys_outside_its_patterns()
    {
        await using var redis = await fixture.ConnectAsSiloUserAsync();

        var refused = await Assert.ThrowsAsync<RedisServerException>(() =>
            redis.GetDatabase().ScriptEvaluateAsync("return redis.call('HSET', KEYS[1], 'f', 'v')", ["other:key"]));

        Assert.Contains("NOPERM", refused.Message);
    }

    [Fact]
    public async Task a_plain_text_connection_to_the_tls_port_fails_and_says_so()
    {
        var options = ConfigurationOptions.Parse($"127.0.0.1:{fixture.Redis.Port},user={SecureClusterFixture.SiloUser},password={fixture.SiloPassword}");
        options.AbortOnConnectFail = true;
        options.ConnectTimeout = 2000;

        var error = await Assert.ThrowsAsync<RedisConnectionException>(() => ConnectionMultiplexer.ConnectAsync(options));

        Assert.Contains("It was not possible to connect", error.Message);
        Assert.DoesNotContain(fixture.SiloPassword, error.ToString());
    }

    [Fact]
    public async Task two_silos_see_each_other_over_mutual_tls()
    {
        var hosts = await fixture.Grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);

        Assert.Equal(2, hosts.Count);
    }

    [Fact]
    public async Task a_cli_without_tls_cannot_use_the_tls_gateway()
    {
        var plain = await CliProcess.RunAsync(fixture.Cluster, "users", "get", "nobody", "--connect-timeout", "3");

        Assert.Equal(1, plain.ExitCode);
        Assert.Contains("cannot reach the silo", plain.Stderr);
    }
}
