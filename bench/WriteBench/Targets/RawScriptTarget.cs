using StackExchange.Redis;
using WriteBench.Stores;
using WriteBench.Workloads;

namespace WriteBench.Targets;

/// <summary>
/// The provider's own append script (src/RedisEventSourcing/Scripts/append.lua, embedded at build time)
/// called directly through StackExchange.Redis: one call per command, one realistic event, each
/// caller on its own stream, expected version checked. The ceiling our provider could reach.
/// </summary>
public sealed class RawScriptTarget(StreamNodeSettings streamNodes) : ICommandTarget
{
    private static readonly string Script = LoadScript();
    private RedisStore? _redis;
    private int[] _versions = [];
    private string?[] _lastIds = [];
    private string[] _streams = [];
    private string[] _feeds = [];

    private RedisStore Redis => _redis!;

    public async Task StartAsync(Scenario scenario, Durability durability)
    {
        _redis = await RedisStore.StartAsync(durability.RedisFsync(), appendOnly: true, streamNodes);
        _versions = new int[scenario.Callers];
        _lastIds = new string?[scenario.Callers];
        _streams = Enumerable.Range(0, scenario.Callers).Select(c => StreamKeys.Stream($"raw-{c:D3}")).ToArray();
        _feeds = Enumerable.Range(0, scenario.Callers).Select(c => StreamKeys.FeedOf($"raw-{c:D3}")).ToArray();
    }

    public Task<int> CreateUserAsync(string id, int user) => Task.FromResult(0);

    /// <summary>Each caller's stream gets the long history (pipelined XADD), so the script runs against long streams.</summary>
    public async Task SeedAsync(IReadOnlyList<string> ids, int eventsPerUser)
    {
        var db = Redis.Database;
        for (var c = 0; c < _streams.Length; c++)
        {
            var pending = new List<Task<RedisValue>>(eventsPerUser);
            for (var v = 1; v <= eventsPerUser; v++)
            {
                var entries = WireEntry.For($"raw-{c:D3}", v, v == 1 ? null : CommandKind.Rename, $"Seed name {v}").Select(f => new NameValueEntry(f.Key, f.Value)).ToArray();
                pending.Add(db.StreamAddAsync(_streams[c], entries));
            }
            await Task.WhenAll(pending);
            _versions[c] = eventsPerUser;
            _lastIds[c] = pending[^1].Result;
        }
    }

    public async Task<int> ExecuteAsync(Command command, int caller)
    {
        var version = _versions[caller];
        var fields = WireEntry.For($"raw-{caller:D3}", version + 1, command.Kind, command.Value);
        // append.lua's layout: KEYS = stream, feed; ARGV = feed MAXLEN, then per stream: expected version,
        // the id of the entry holding it, deadline, event count, then per event n and its n values.
        var args = new RedisValue[6 + fields.Count * 2];
        args[0] = 0;
        args[1] = version;
        args[2] = _lastIds[caller] ?? "";
        args[3] = 0;
        args[4] = 1;
        args[5] = fields.Count * 2;
        var pos = 6;
        foreach (var (name, value) in fields)
        {
            args[pos++] = name;
            args[pos++] = value;
        }
        var replies = (RedisResult[])(await Redis.Database.ScriptEvaluateAsync(Script, [_streams[caller], _feeds[caller]], args))!;
        var reply = (RedisResult[])replies[0]!;
        if ((string?)reply[0] != "ok") throw new InvalidOperationException($"append.lua answered {(string?)reply[0]} {(string?)reply[1]}");
        _versions[caller] = version + 1;
        _lastIds[caller] = (string?)reply[1];
        return 1;
    }

    public (double? Silo, double Client, double Store) Cpu() => (null, CommandTargetRunner.DriverCpu(), Redis.CpuSeconds());

    public long? SiloPeakWorkingSet() => null;

    public async Task<(long Bytes, long? UsedMemoryDelta, string? Detail)> FootprintAsync()
    {
        var (bytes, delta, _, detail) = await Redis.FootprintDetailAsync();
        return (bytes, delta, detail);
    }

    public async ValueTask DisposeAsync()
    {
        if (_redis is not null) await _redis.DisposeAsync();
    }

    private static string LoadScript()
    {
        using var stream = typeof(RawScriptTarget).Assembly.GetManifestResourceStream("append.lua")
            ?? throw new InvalidOperationException("append.lua is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
