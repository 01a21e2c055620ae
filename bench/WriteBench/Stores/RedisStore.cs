using System.Globalization;
using LocalRedis;
using StackExchange.Redis;
using WriteBench.Workloads;

namespace WriteBench.Stores;

/// <summary>A fresh private redis-server (src/LocalRedis) for one configuration, with AOF on at the given fsync policy.</summary>
public sealed class RedisStore : IAsyncDisposable
{
    private readonly LocalRedisServer _server;
    private readonly LatencyProxy? _proxy;
    private readonly string _directory;
    private long _baselineUsedMemory;

    private RedisStore(LocalRedisServer server, LatencyProxy? proxy, string directory, ConnectionMultiplexer connection)
    {
        _server = server;
        _proxy = proxy;
        _directory = directory;
        Connection = connection;
    }

    /// <summary>Through the regime's proxy, as every target's traffic.</summary>
    public ConnectionMultiplexer Connection { get; }

    public IDatabase Database => Connection.GetDatabase();

    /// <summary>Where targets connect: the proxy when the regime adds latency.</summary>
    public string ConnectionString => _proxy is null ? _server.ConnectionString : $"127.0.0.1:{_proxy.Port}";

    public int Port => _proxy?.Port ?? _server.Port;

    /// <summary>Redis' own measure of its AOF fsyncs: <c>LATENCY HISTORY aof-fsync-always</c> max, and <c>aof_delayed_fsync</c>.</summary>
    public async Task<string> FsyncReportAsync()
    {
        var info = (string)(await Database.ExecuteAsync("INFO", "persistence"))!;
        var latest = (RedisResult[])(await Database.ExecuteAsync("LATENCY", "LATEST"))!;
        var events = latest.Select(e => (RedisResult[])e!).Select(e => $"{(string)e[0]!} latest {(long)e[2]} ms, max {(long)e[3]} ms");
        var delayed = info.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("aof_delayed_fsync:", StringComparison.Ordinal));
        return $"{delayed ?? "AOF off"}; {string.Join("; ", events.DefaultIfEmpty("no latency event over 1 ms"))}";
    }

    public int Pid { get; private set; }

    public static async Task<RedisStore> StartAsync(string fsync, bool appendOnly, StreamNodeSettings stream)
    {
        var regime = StoreRegime.Current;
        var directory = Path.Combine(regime.AofDirectory ?? Path.GetTempPath(), "writebench-redis-" + Guid.NewGuid().ToString("N")[..8]);
        var server = await LocalRedisServer.StartAsync(new LocalRedisServerOptions
        {
            DataDirectory = directory,
            AppendOnly = appendOnly,
            AppendFsync = fsync,
            // Redis records fsyncs over 1 ms (LATENCY LATEST), reported beside each run. No automatic
            // AOF rewrite: at these rates one forks every few seconds, and whether its child (a CPU on a
            // 2-core box) lands in a run's 1-2 s window or in its warm-up swung single runs by up to 40 %,
            // for every target alike. A rewrite is the operator's to schedule (docs/operations.md).
            ExtraArguments = [.. stream.Arguments(), "--latency-monitor-threshold", "1", "--auto-aof-rewrite-percentage", "0"],
        });
        var proxy = regime.RoundTripMs > 0 ? LatencyProxy.Start(server.Port, regime.OneWay) : null;
        var options = ConfigurationOptions.Parse(proxy is null ? server.ConnectionString : $"127.0.0.1:{proxy.Port}");
        options.AsyncTimeout = options.SyncTimeout = 60_000;
        options.AllowAdmin = true;
        var store = new RedisStore(server, proxy, directory, await ConnectionMultiplexer.ConnectAsync(options));
        var info = (string)(await store.Database.ExecuteAsync("INFO", "server"))!;
        store.Pid = int.Parse(InfoField(info, "process_id"), CultureInfo.InvariantCulture);
        store._baselineUsedMemory = await store.UsedMemoryAsync();
        return store;
    }

    public double CpuSeconds() => ProcessStats.CpuSeconds(Pid);

    public async Task<long> UsedMemoryAsync()
    {
        var info = (string)(await Database.ExecuteAsync("INFO", "memory"))!;
        return long.Parse(InfoField(info, "used_memory"), CultureInfo.InvariantCulture);
    }

    /// <summary>Sum of <c>MEMORY USAGE key SAMPLES 0</c> over every key, and <c>used_memory</c> growth since start.</summary>
    public async Task<(long KeyBytes, long UsedMemoryDelta, int Keys)> FootprintAsync()
    {
        var (total, delta, keys, _) = await FootprintDetailAsync();
        return (total, delta, keys);
    }

    /// <summary>As <see cref="FootprintAsync"/>, with a breakdown: partition feeds, snapshots, the rest (user streams, meta).</summary>
    public async Task<(long KeyBytes, long UsedMemoryDelta, int Keys, string Breakdown)> FootprintDetailAsync()
    {
        var server = Connection.GetServer(Connection.GetEndPoints()[0]);
        var db = Database;
        long total = 0;
        var keys = 0;
        var batch = new List<Task<RedisResult>>();
        var names = new List<string>();
        await foreach (var key in server.KeysAsync(pattern: "*", pageSize: 1000))
        {
            batch.Add(db.ExecuteAsync("MEMORY", "USAGE", key, "SAMPLES", "0"));
            names.Add(key.ToString());
            keys++;
        }
        var sizes = await Task.WhenAll(batch);
        long feed = 0, snap = 0;
        for (var i = 0; i < sizes.Length; i++)
        {
            var size = (long)sizes[i];
            total += size;
            if (names[i].EndsWith(":feed", StringComparison.Ordinal)) feed += size;
            else if (names[i].Contains(":snap:", StringComparison.Ordinal)) snap += size;
        }
        var fsync = await FsyncReportAsync();
        var breakdown = string.Create(CultureInfo.InvariantCulture, $"{keys:N0} keys: feeds {feed:N0} B, snapshots {snap:N0} B, other {total - feed - snap:N0} B; {fsync}");
        return (total, await UsedMemoryAsync() - _baselineUsedMemory, keys, breakdown);
    }

    public async ValueTask DisposeAsync()
    {
        await Connection.DisposeAsync();
        if (_proxy is not null) await _proxy.DisposeAsync();
        await _server.DisposeAsync();
        try { Directory.Delete(_directory, recursive: true); }
        catch (IOException) { }
    }

    private static string InfoField(string info, string name) =>
        info.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith(name + ":", StringComparison.Ordinal))[(name.Length + 1)..];
}
