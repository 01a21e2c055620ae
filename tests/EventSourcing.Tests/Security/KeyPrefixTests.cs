using Orleans.Runtime;
using RedisEventSourcing.Options;
using RedisEventSourcing.Projections.Options;
using StackExchange.Redis;

namespace EventSourcing.Tests.Security;

public sealed class KeyPrefixTests
{
    [Theory]
    [InlineData("es")]
    [InlineData("my-app.v2_users")]
    public void a_prefix_of_letters_digits_dots_dashes_and_underscores_is_accepted(string prefix) =>
        Assert.Null(KeyPrefixRule.Problem(prefix));

    [Theory]
    [InlineData("")]
    [InlineData("a{b}")]
    [InlineData("{p00}")]
    [InlineData("es:tenant")]
    [InlineData("es tenant")]
    [InlineData("es\n")]
    [InlineData("es*")]
    [InlineData("es[1]")]
    [InlineData("ü")]
    public void a_prefix_that_could_reach_or_share_other_keys_fails_start_up_of_the_provider_and_the_feeds(string prefix)
    {
        var store = new RedisStreamsLogOptions { ConfigurationOptions = ConfigurationOptions.Parse("localhost"), KeyPrefix = prefix };
        var feeds = new RedisFeedStreamOptions { ConfigurationOptions = ConfigurationOptions.Parse("localhost"), KeyPrefix = prefix };

        var storeError = Assert.Throws<OrleansConfigurationException>(() => new RedisStreamsLogOptionsValidator(store, "users").ValidateConfiguration());
        var feedError = Assert.Throws<OrleansConfigurationException>(() => new RedisFeedStreamOptionsValidator(feeds, "es-feeds").ValidateConfiguration());

        Assert.Contains("KeyPrefix", storeError.Message);
        Assert.Contains("KeyPrefix", feedError.Message);
        Assert.NotNull(KeyPrefixRule.Problem(prefix));
    }
}
