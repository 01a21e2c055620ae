using System.Globalization;
using Microsoft.Extensions.Logging;
using RedisEventSourcing.Options;
using StackExchange.Redis;

namespace RedisEventSourcing.Storage;

/// <summary>
/// One provider's Redis connection: made once, checked against <c>{prefix}:meta</c> (the partition
/// count is fixed at first start), and disposed only if the provider made it.
/// </summary>
public sealed class RedisStreamsConnection(string name, RedisStreamsLogOptions options, ILogger<RedisStreamsConnection> logger) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IConnectionMultiplexer? _multiplexer;
    private bool _isShared;
    private IDatabase? _database;

    public string Name { get; } = name;

    public RedisStreamsLogOptions Options { get; } = options;

    public StreamKeys Keys { get; } = new(options.KeyPrefix, options.Partitions);

    /// <summary>Redis server clock minus this process's clock, in ms (for append deadlines); a low estimate.</summary>
    public long ServerClockOffsetMs { get; internal set; }

    public bool IsConnected => _multiplexer?.IsConnected ?? false;

    /// <summary>
    /// Whether one script call may touch keys of several hash slots (every server standalone, and
    /// <see cref="RedisStreamsLogOptions.AppendGrouping"/> allows it), so appends of any partitions
    /// can share a call. Known once connected.
    /// </summary>
    public bool ScriptsMaySpanSlots { get; private set; }

    public async Task<IDatabase> GetDatabaseAsync()
    {
        if (_database is { } db) return db;
        await _gate.WaitAsync();
        try
        {
            if (_database is not null) return _database;
            if (_multiplexer is null)
                (_multiplexer, _isShared) = await Options.CreateMultiplexer(Options);
            var database = _multiplexer.GetDatabase();
            await CheckPartitionCountAsync(database);
            await MeasureServerClockAsync(database);
            // Known only now that commands went through: Redis Cluster and proxies refuse cross-slot scripts.
            ScriptsMaySpanSlots = Options.AppendGrouping == AppendGrouping.Auto
                && _multiplexer.GetServers() is { Length: > 0 } servers
                && servers.All(s => s.ServerType == ServerType.Standalone);
            _database = database;
            logger.Connected(Name, Keys.Prefix, Keys.Partitions, ScriptsMaySpanSlots ? "across partitions" : "per partition");
            return database;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // The caller gets one line; StackExchange.Redis' diagnostics (endpoints, counters) go to the log.
            // It may quote its configuration: neither carries the credentials on.
            logger.Unreachable(Name, RedisSecrets.Scrub(e.ToString(), Options.ConfigurationOptions));
            throw new EventStoreUnavailableException($"Redis for event store '{Name}' is unreachable ({RedisSecrets.Scrub(StoreErrors.Summary(e), Options.ConfigurationOptions)}). Nothing was appended; retry once Redis is back.");
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The master that serves <paramref name="key"/>'s slot now (the only server on a standalone Redis).</summary>
    public IServer ServerFor(RedisKey key) =>
        (_multiplexer ?? throw new InvalidOperationException($"Event store '{Name}' is not connected yet.")).GetServer(key, flags: CommandFlags.DemandMaster);

    /// <summary>Server time now, estimated from the local clock (Unix ms).</summary>
    public long ServerNowMs() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + ServerClockOffsetMs;

    private async Task CheckPartitionCountAsync(IDatabase database)
    {
        var wanted = Keys.Partitions.ToString(CultureInfo.InvariantCulture);
        await database.HashSetAsync(Keys.MetaKey, "partitions", wanted, When.NotExists);
        await database.HashSetAsync(Keys.MetaKey, "wire_format", "1", When.NotExists);
        var recorded = (string?)await database.HashGetAsync(Keys.MetaKey, "partitions");
        if (recorded != wanted)
            throw new Orleans.Runtime.OrleansConfigurationException(
                $"Event store '{Name}' is configured with {Keys.Partitions} partitions but '{Keys.MetaKey}' records {recorded}: "
                + $"streams would be looked up in the wrong partitions. Set {nameof(RedisStreamsLogOptions)}.{nameof(RedisStreamsLogOptions.Partitions)} to {recorded} or use another {nameof(RedisStreamsLogOptions.KeyPrefix)}.");
    }

    /// <summary>
    /// Measures the server clock again (after a failover to another host or an NTP step the old
    /// offset is wrong). The estimate errs low: the server read its clock at the latest when its
    /// answer arrived, so deadlines computed from it are never later than meant.
    /// </summary>
    /// <param name="within">What is left of the caller's time, if shorter than the operation timeout.</param>
    public async Task MeasureServerClockAsync(TimeSpan? within = null) => await MeasureServerClockAsync(await GetDatabaseAsync(), within);

    /// <summary>
    /// Returns once the server's own clock (asked, not estimated) is past <paramref name="serverMs"/>;
    /// throws <see cref="TimeoutException"/> at once if that cannot be known within <paramref name="within"/>
    /// (null: no bound but each TIME call's operation timeout).
    /// </summary>
    public async Task WaitUntilServerTimePassesAsync(long serverMs, TimeSpan? within = null)
    {
        var until = System.Diagnostics.Stopwatch.GetTimestamp() + (long)((within ?? TimeSpan.FromDays(1)).TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
        TimeSpan Left() => TimeSpan.FromSeconds(Math.Max(0, until - System.Diagnostics.Stopwatch.GetTimestamp()) / (double)System.Diagnostics.Stopwatch.Frequency);
        var database = await GetDatabaseAsync();
        while (true)
        {
            var wait = TimeSpan.FromMilliseconds(Math.Max(0, serverMs - ServerNowMs() + 1));
            if (wait >= Left()) throw new TimeoutException($"the server clock cannot pass the deadline within the {within?.TotalMilliseconds:0} ms left");
            if (wait > TimeSpan.Zero) await Task.Delay(wait);
            var now = await ServerTimeAsync(database, Left());
            if (now > serverMs) return;
            // The estimate was ahead of the server: correct it before waiting the rest.
            ServerClockOffsetMs = Math.Min(ServerClockOffsetMs, now - DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        }
    }

    private async Task MeasureServerClockAsync(IDatabase database, TimeSpan? within = null)
    {
        var serverMs = await ServerTimeAsync(database, within);
        ServerClockOffsetMs = serverMs - DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
    }

    private async Task<long> ServerTimeAsync(IDatabase database, TimeSpan? within = null)
    {
        var timeout = within is { } w && w < Options.OperationTimeout ? w : Options.OperationTimeout;
        var time = (RedisResult[])(await database.ExecuteAsync("TIME").WaitAsync(timeout))!;
        return long.Parse(time[0].ToString()!, CultureInfo.InvariantCulture) * 1000
            + long.Parse(time[1].ToString()!, CultureInfo.InvariantCulture) / 1000;
    }

    public async ValueTask DisposeAsync()
    {
        if (_multiplexer is not null && !_isShared)
            await _multiplexer.DisposeAsync();
        _multiplexer = null;
        _database = null;
    }
}
