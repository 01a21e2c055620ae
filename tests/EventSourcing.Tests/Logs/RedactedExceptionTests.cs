using RedisEventSourcing.Options;
using StackExchange.Redis;

namespace EventSourcing.Tests.Logs;

/// <summary>What a log line carries of a Redis failure whose text quotes a credential.</summary>
public sealed class RedactedExceptionTests
{
    private static readonly ConfigurationOptions Redis = ConfigurationOptions.Parse("127.0.0.1:6379,user=svc-user,password=pw-secret-1");

    [Fact]
    public void an_exception_quoting_the_password_or_user_is_logged_as_a_redacted_stand_in_with_both_masked()
    {
        var inner = new InvalidOperationException("AUTH svc-user pw-secret-1 refused");
        var failure = new RedisException("connect with password=pw-secret-1 failed: AuthenticationFailure", inner);

        var logged = RedisSecrets.Redact(failure, Redis);

        var redacted = Assert.IsType<RedactedException>(logged);
        Assert.Equal(typeof(RedisException).FullName, redacted.OriginalType);
        Assert.DoesNotContain("pw-secret-1", redacted.Message);
        Assert.DoesNotContain("pw-secret-1", redacted.ToString());
        Assert.DoesNotContain("svc-user", redacted.ToString());
        Assert.Contains("AuthenticationFailure", redacted.ToString());
        Assert.Contains($"AUTH {RedisSecrets.Mask} {RedisSecrets.Mask} refused", redacted.ToString());
    }

    [Fact]
    public void an_exception_without_credentials_is_logged_as_itself()
    {
        var failure = new TimeoutException("Timeout performing PING");

        Assert.Same(failure, RedisSecrets.Redact(failure, Redis));
        Assert.Same(failure, RedisSecrets.Redact(failure, null));
    }
}
