using Orleans.Runtime;
using StackExchange.Redis;

namespace RedisEventSourcing.Projections.Options;

/// <summary>
/// Settings of one named feed stream provider: where the event store's Redis is, and how each
/// partition's feed is read. Connection settings have the event store's shape
/// (<c>RedisStreamsLogOptions</c>), so a host can fill both from the same configuration.
/// </summary>
public sealed class RedisFeedStreamOptions
{
    /// <summary>Where Redis is. Required unless <see cref="CreateMultiplexer"/> is replaced.</summary>
    [RedactFeedConfigurationOptions]
    public ConfigurationOptions? ConfigurationOptions { get; set; }

    /// <summary>
    /// Makes a connection. Called once per partition reader (and once at start-up for the
    /// partition-count check): each reader blocks its connection in <c>XREAD BLOCK</c>, so it gets
    /// its own. Return <c>IsShared = true</c> for a multiplexer the application owns: the provider
    /// never disposes it and never blocks on it (it polls instead, every
    /// <c>GetQueueMsgsTimerPeriod</c>), so the application's other commands are not held up.
    /// </summary>
    public Func<RedisFeedStreamOptions, Task<(IConnectionMultiplexer Multiplexer, bool IsShared)>> CreateMultiplexer { get; set; } = DefaultCreateMultiplexer;

    /// <summary>First segment of every key; the event store's <c>KeyPrefix</c>.</summary>
    public string KeyPrefix { get; set; } = "es";

    /// <summary>The event store's partition count; start-up refuses one that differs from <c>{prefix}:meta</c>.</summary>
    public int Partitions { get; set; } = 16;

    /// <summary>Most feed entries one read returns (Orleans' cache may ask for fewer).</summary>
    public int ReadBatchSize { get; set; } = 100;

    /// <summary>
    /// How long one read waits on Redis for a new entry (<c>XREAD BLOCK</c>) before the pulling
    /// agent's next turn. Redis answers as soon as an entry arrives, so this bounds idle round
    /// trips and shutdown time, not latency.
    /// </summary>
    public TimeSpan BlockTime { get; set; } = TimeSpan.FromMilliseconds(100);

    public static async Task<(IConnectionMultiplexer Multiplexer, bool IsShared)> DefaultCreateMultiplexer(RedisFeedStreamOptions options)
    {
        var configuration = options.ConfigurationOptions!.Clone();
        // A read that cannot be sent should fail at once so the pulling agent retries it, not wait in a backlog.
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        configuration.AbortOnConnectFail = false;
        // A blocked read is an answer that comes late on purpose; it must not count as a timeout.
        configuration.AsyncTimeout = Math.Max(configuration.AsyncTimeout, (int)options.BlockTime.TotalMilliseconds + 5000);
        return (await ConnectionMultiplexer.ConnectAsync(configuration), false);
    }
}

internal sealed class RedactFeedConfigurationOptionsAttribute : RedactAttribute
{
    public override string Redact(object? value) =>
        value is ConfigurationOptions cfg ? RedisEventSourcing.Options.RedisSecrets.Describe(cfg) : base.Redact(value);
}
