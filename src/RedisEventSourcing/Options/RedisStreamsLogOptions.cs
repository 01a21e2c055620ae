using Orleans.Runtime;
using StackExchange.Redis;

namespace RedisEventSourcing.Options;

/// <summary>Settings of one named Redis Streams log-consistency provider.</summary>
public sealed class RedisStreamsLogOptions
{
    /// <summary>Where Redis is. Required unless <see cref="CreateMultiplexer"/> hands over a shared one.</summary>
    [RedactRedisConfigurationOptions]
    public ConfigurationOptions? ConfigurationOptions { get; set; }

    /// <summary>
    /// Makes the connection. Return <c>IsShared = true</c> for a multiplexer the application owns:
    /// the provider then never disposes it.
    /// </summary>
    public Func<RedisStreamsLogOptions, Task<(IConnectionMultiplexer Multiplexer, bool IsShared)>> CreateMultiplexer { get; set; } = DefaultCreateMultiplexer;

    /// <summary>First segment of every key (design section 3).</summary>
    public string KeyPrefix { get; set; } = "es";

    /// <summary>Number of partitions P; recorded in <c>{prefix}:meta</c> on first start and fixed from then on.</summary>
    public int Partitions { get; set; } = 16;

    /// <summary>Largest encoded event (sum of field names and values, in bytes) an append accepts.</summary>
    public int MaxEventBytes { get; set; } = 64 * 1024;

    /// <summary>Most events one confirmation may append in one atomic batch.</summary>
    public int MaxBatchEvents { get; set; } = 1000;

    /// <summary>Entries per <c>XRANGE</c> page when replaying a stream.</summary>
    public int ReadPageSize { get; set; } = 1000;

    /// <summary>
    /// How long a caller waits for Redis before getting an <see cref="EventStoreException"/>, in
    /// all: queueing, the append and the check of an unanswered append's outcome share it. An append
    /// that reaches Redis later than this, less a fifth (at most 1 s) kept for that check, is refused
    /// by the script itself.
    /// </summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often one confirmation re-reads and retries when other writers keep moving the stream.</summary>
    public int MaxConflictRetries { get; set; } = 10;

    /// <summary>
    /// Which appends may share one script call (group commit): on <see cref="AppendGrouping.Auto"/>
    /// any grains' appends on a standalone Redis, and one partition's (one hash slot) on Redis
    /// Cluster or behind a proxy, where a script may only touch keys of one slot.
    /// </summary>
    public AppendGrouping AppendGrouping { get; set; } = AppendGrouping.Auto;

    /// <summary>
    /// Append script calls each group (see <see cref="AppendGrouping"/>) may have in flight;
    /// appends arriving meanwhile go together in the next call. 0 (the default) adapts it to the
    /// store, between 2 and <see cref="MaxAppendCallsInFlight"/>: few large calls on a fast local
    /// Redis (less CPU per event there and here), many when round trips are long (a store across a
    /// network, a slow fsync), which more calls overlap. A number fixes it.
    /// </summary>
    public int AppendCallsInFlight { get; set; }

    /// <summary>The most calls an adaptive <see cref="AppendCallsInFlight"/> allows per group.</summary>
    public int MaxAppendCallsInFlight { get; set; } = 64;

    /// <summary>
    /// Replicas that must hold an append before it is acknowledged (0 = don't wait). After the
    /// script, the provider sends <c>WAIT n timeout</c> to the same master on the same connection;
    /// if fewer replicas confirm within <see cref="ReplicaAcknowledgementTimeout"/>, the events stay
    /// in the master's log but the caller gets <see cref="EventStoreOutcomeUnknownException"/>: an
    /// asynchronous replica may not have them, so a failover could still lose them.
    /// Without it, Redis replication is asynchronous and a failover can lose the last acknowledged writes.
    /// </summary>
    public int ReplicaAcknowledgements { get; set; }

    /// <summary>How long <c>WAIT</c> waits for <see cref="ReplicaAcknowledgements"/>; below <see cref="OperationTimeout"/>.</summary>
    public TimeSpan ReplicaAcknowledgementTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Approximate cap on each partition feed (<c>XADD MAXLEN ~</c>); 0 keeps every entry.</summary>
    public long FeedMaxLength { get; set; }

    /// <summary>Write a snapshot whenever the version passes a multiple of this (0 = never on append).</summary>
    public int SnapshotEvery { get; set; } = 100;

    /// <summary>Also write a snapshot when a grain deactivates with events since its last one.</summary>
    public bool SnapshotOnDeactivate { get; set; } = true;

    public static async Task<(IConnectionMultiplexer Multiplexer, bool IsShared)> DefaultCreateMultiplexer(RedisStreamsLogOptions options)
    {
        var configuration = options.ConfigurationOptions!.Clone();
        // A command must not wait in a backlog while Redis is away and run after its caller gave up.
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        configuration.AbortOnConnectFail = false;
        configuration.AsyncTimeout = (int)options.OperationTimeout.TotalMilliseconds;
        configuration.SyncTimeout = (int)options.OperationTimeout.TotalMilliseconds;
        return (await ConnectionMultiplexer.ConnectAsync(configuration), false);
    }
}

internal sealed class RedactRedisConfigurationOptionsAttribute : RedactAttribute
{
    public override string Redact(object? value) =>
        value is ConfigurationOptions cfg ? RedisEventSourcing.Options.RedisSecrets.Describe(cfg) : base.Redact(value);
}
