using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Configuration;
using Orleans.Runtime;
using RedisEventSourcing.Projections.Options;
using RedisEventSourcing.Projections.Streaming;
using StackExchange.Redis;

namespace EventSourcing.Tests.Projections;

[Collection(FeedClusterCollection.Name)]
public sealed class FeedProviderConfigurationTests(FeedClusterFixture fixture)
{
    [Theory]
    [InlineData(nameof(RedisFeedStreamOptions.ConfigurationOptions))]
    [InlineData(nameof(RedisFeedStreamOptions.KeyPrefix))]
    [InlineData(nameof(RedisFeedStreamOptions.Partitions))]
    [InlineData(nameof(RedisFeedStreamOptions.ReadBatchSize))]
    [InlineData(nameof(RedisFeedStreamOptions.BlockTime))]
    public void invalid_options_fail_start_up_with_a_message_naming_the_provider_and_setting(string setting)
    {
        var options = new RedisFeedStreamOptions { ConfigurationOptions = ConfigurationOptions.Parse("localhost") };
        switch (setting)
        {
            case nameof(RedisFeedStreamOptions.KeyPrefix): options.KeyPrefix = "a{b}"; break;
            case nameof(RedisFeedStreamOptions.Partitions): options.Partitions = 0; break;
            case nameof(RedisFeedStreamOptions.ReadBatchSize): options.ReadBatchSize = 0; break;
            // Zero would make XREAD wait forever.
            case nameof(RedisFeedStreamOptions.BlockTime): options.BlockTime = TimeSpan.Zero; break;
            default: options.ConfigurationOptions = null; break;
        }

        var error = Assert.Throws<OrleansConfigurationException>(() => new RedisFeedStreamOptionsValidator(options, "feeds").ValidateConfiguration());

        Assert.Contains("'feeds'", error.Message);
        Assert.Contains(setting, error.Message);
    }

    [Fact]
    public async Task a_provider_configured_with_another_partition_count_than_the_event_store_refuses_to_start()
    {
        var options = new RedisFeedStreamOptions
        {
            ConfigurationOptions = ConfigurationOptions.Parse(fixture.ConnectionString),
            KeyPrefix = fixture.KeyPrefix,
            Partitions = 8,
        };
        var factory = new RedisFeedAdapterFactory("feeds", options, new SimpleQueueCacheOptions(), FeedStartFromBeginning.Instance, NullLoggerFactory.Instance);

        var error = await Assert.ThrowsAsync<OrleansConfigurationException>(() => factory.CreateAdapter(CancellationToken.None));

        Assert.Contains("8 partitions", error.Message);
        Assert.Contains($"records {FeedClusterFixture.Partitions}", error.Message);
    }

    [Fact]
    public async Task a_provider_that_starts_before_any_event_store_records_its_partition_count()
    {
        var prefix = $"feed-first-{Guid.NewGuid():N}";
        var options = new RedisFeedStreamOptions { ConfigurationOptions = ConfigurationOptions.Parse(fixture.ConnectionString), KeyPrefix = prefix, Partitions = 4 };
        var factory = new RedisFeedAdapterFactory("feeds", options, new SimpleQueueCacheOptions(), FeedStartFromBeginning.Instance, NullLoggerFactory.Instance);

        var adapter = await factory.CreateAdapter(CancellationToken.None);

        Assert.Equal("feeds", adapter.Name);
        Assert.Equal("4", (string?)await fixture.Db.HashGetAsync($"{prefix}:meta", "partitions"));
    }
}
