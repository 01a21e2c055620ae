using EventSourcing.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Runtime;
using RedisEventSourcing;
using RedisEventSourcing.Options;
using RedisEventSourcing.Storage;
using StackExchange.Redis;

namespace EventSourcing.Tests.Provider;

[Collection(ClusterCollection.Name)]
public sealed class ProviderConfigurationTests(ClusterFixture fixture)
{
    [Theory]
    [InlineData(nameof(RedisStreamsLogOptions.Partitions))]
    [InlineData(nameof(RedisStreamsLogOptions.KeyPrefix))]
    [InlineData(nameof(RedisStreamsLogOptions.OperationTimeout))]
    [InlineData(nameof(RedisStreamsLogOptions.ConfigurationOptions))]
    [InlineData(nameof(RedisStreamsLogOptions.ReplicaAcknowledgements))]
    [InlineData(nameof(RedisStreamsLogOptions.ReplicaAcknowledgementTimeout))]
    public void invalid_options_fail_start_up_with_a_message_naming_the_provider_and_setting(string setting)
    {
        var options = new RedisStreamsLogOptions { ConfigurationOptions = ConfigurationOptions.Parse("localhost") };
        switch (setting)
        {
            case nameof(RedisStreamsLogOptions.Partitions): options.Partitions = 0; break;
            case nameof(RedisStreamsLogOptions.KeyPrefix): options.KeyPrefix = "a{b}"; break;
            case nameof(RedisStreamsLogOptions.OperationTimeout): options.OperationTimeout = TimeSpan.Zero; break;
            case nameof(RedisStreamsLogOptions.ReplicaAcknowledgements): options.ReplicaAcknowledgements = -1; break;
            // WAIT must give up before the caller does.
            case nameof(RedisStreamsLogOptions.ReplicaAcknowledgementTimeout): (options.ReplicaAcknowledgements, options.ReplicaAcknowledgementTimeout) = (1, options.OperationTimeout); break;
            default: options.ConfigurationOptions = null; break;
        }

        var error = Assert.Throws<OrleansConfigurationException>(() => new RedisStreamsLogOptionsValidator(options, "users").ValidateConfiguration());

        Assert.Contains("'users'", error.Message);
        Assert.Contains(setting, error.Message);
    }

    [Fact]
    public async Task a_silo_configured_with_another_partition_count_than_recorded_refuses_to_start()
    {
        var prefix = $"meta{Guid.NewGuid():N}";
        await using var first = Connection(prefix, 16);
        await first.GetDatabaseAsync();
        await using var second = Connection(prefix, 32);

        var error = await Assert.ThrowsAsync<OrleansConfigurationException>(second.GetDatabaseAsync);

        Assert.Contains("32 partitions", error.Message);
        Assert.Contains("records 16", error.Message);
        Assert.Equal("16", (string?)await fixture.Db.HashGetAsync($"{prefix}:meta", "partitions"));
    }

    [Fact]
    public async Task a_shared_multiplexer_is_never_disposed_by_the_provider()
    {
        var options = new RedisStreamsLogOptions
        {
            KeyPrefix = $"shared{Guid.NewGuid():N}",
            CreateMultiplexer = _ => Task.FromResult<(IConnectionMultiplexer, bool)>((fixture.Multiplexer, true)),
        };
        var connection = new RedisStreamsConnection("shared", options, NullLogger<RedisStreamsConnection>.Instance);
        await connection.GetDatabaseAsync();

        await connection.DisposeAsync();

        Assert.True(fixture.Multiplexer.IsConnected);
        Assert.Equal("PONG", (await fixture.Db.ExecuteAsync("PING")).ToString());
    }

    [Fact]
    public async Task an_unreachable_redis_gives_a_typed_error_within_the_timeout()
    {
        var options = new RedisStreamsLogOptions
        {
            ConfigurationOptions = ConfigurationOptions.Parse("127.0.0.1:1,connectTimeout=500"),
            OperationTimeout = TimeSpan.FromSeconds(1),
        };
        await using var connection = new RedisStreamsConnection("down", options, NullLogger<RedisStreamsConnection>.Instance);

        var error = await Assert.ThrowsAsync<EventStoreUnavailableException>(connection.GetDatabaseAsync);

        Assert.Contains("'down'", error.Message);
    }

    private RedisStreamsConnection Connection(string prefix, int partitions) =>
        new("meta", new RedisStreamsLogOptions { ConfigurationOptions = ConfigurationOptions.Parse(fixture.ConnectionString), KeyPrefix = prefix, Partitions = partitions },
            NullLogger<RedisStreamsConnection>.Instance);
}
