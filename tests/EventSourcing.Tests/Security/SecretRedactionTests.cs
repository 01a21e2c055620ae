using System.Diagnostics;
using EventSourcing.Tests.Infrastructure;
using LocalRedis;
using Microsoft.Extensions.Logging.Abstractions;
using RedisEventSourcing;
using RedisEventSourcing.Options;
using RedisEventSourcing.Storage;
using Silo;
using StackExchange.Redis;

namespace EventSourcing.Tests.Security;

/// <summary>Passwords and ACL user names reach no log line, no CLI error and no error message a caller sees.</summary>
[Collection(SecureClusterCollection.Name)]
public sealed class SecretRedactionTests(SecureClusterFixture fixture)
{
    private readonly string _user = $"user-{Guid.NewGuid():N}";
    private readonly string _password = $"pw-{Guid.NewGuid():N}";

    [Fact]
    public async Task a_silo_refused_by_redis_says_why_in_one_line_without_the_user_or_password()
    {
        var start = new ProcessStartInfo("dotnet");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Silo.dll"));
        start.Environment["Redis__ConnectionString"] = $"127.0.0.1:{fixture.Redis.Port},user={_user},password={_password},ssl=true";
        start.Environment["Redis__TlsCaFile"] = fixture.Certificates.CaFile;
        start.Environment["Orleans__SiloPort"] = FreeTcpPort.Pick().ToString();
        start.Environment["Orleans__GatewayPort"] = FreeTcpPort.Pick().ToString();
        start.Environment["Http__Enabled"] = "false";
        start.Environment["ReadModels__Enabled"] = "false";
        // Everything a silo may log, so that a secret in any message would show.
        start.Environment["Logging__LogLevel__Default"] = "Debug";

        var (exitCode, stdout, stderr) = await CliProcess.RunAsync(start);

        var output = stdout + stderr;
        Assert.Equal(1, exitCode);
        Assert.Contains("The silo could not start", output);
        Assert.Contains("user=*****,password=*****", output); // the start-up line names the Redis it tried
        Assert.DoesNotContain(_password, output);
        Assert.DoesNotContain(_user, output);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task the_cli_reports_an_unreachable_or_refusing_redis_without_the_user_or_password(bool redisIsUp)
    {
        var port = redisIsUp ? fixture.Redis.Port : FreeTcpPort.Pick();
        var redis = $"127.0.0.1:{port},user={_user},password={_password},ssl=true";

        var (exitCode, stdout, stderr) = await CliProcess.RunAsync(["users", "get", "nobody", "--redis", redis,
            "--redis-tls-ca", fixture.Certificates.CaFile, "--connect-timeout", "3", "--verbose"]);

        Assert.Equal(1, exitCode);
        Assert.Contains("through Redis at 127.0.0.1:" + port, stderr);
        Assert.DoesNotContain(_password, stdout + stderr);
        Assert.DoesNotContain(_user, stdout + stderr);
    }

    [Fact]
    public async Task the_event_store_error_a_caller_gets_when_redis_refuses_the_password_does_not_quote_it()
    {
        var options = new RedisStreamsLogOptions
        {
            ConfigurationOptions = new RedisConnectionSettings($"127.0.0.1:{fixture.Redis.Port},user={_user},password={_password}", fixture.Certificates.CaFile).ToConfigurationOptions(),
            OperationTimeout = TimeSpan.FromSeconds(2),
        };
        await using var connection = new RedisStreamsConnection("users", options, NullLogger<RedisStreamsConnection>.Instance);

        // This message is what HTTP problem details and the CLI pass on.
        var error = await Assert.ThrowsAsync<EventStoreUnavailableException>(connection.GetDatabaseAsync);

        Assert.DoesNotContain(_password, error.Message);
        Assert.DoesNotContain(_user, error.Message);
    }

    [Fact]
    public void a_connection_string_described_for_a_log_keeps_the_endpoints_and_masks_user_and_password()
    {
        var described = RedisSecrets.Describe(ConfigurationOptions.Parse($"redis.example:6380,user={_user},password={_password},ssl=true"));

        Assert.Contains("redis.example:6380", described);
        Assert.Contains("ssl=True", described, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(_password, described);
        Assert.DoesNotContain(_user, described);
        Assert.DoesNotContain(_password, new RedisConnectionSettings($"h:1,password={_password}").ToString());
    }
}
