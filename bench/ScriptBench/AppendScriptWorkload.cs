using StackExchange.Redis;

namespace ScriptBench;

/// <summary>
/// append.lua's layout (docs/wire-format.md, the script's header): per stream its expected version, the
/// id of its last entry, a deadline (so the script reads the server clock, as the provider's calls do),
/// one event of the provider's fields. Streams are taken in turn, so every call hits different ones;
/// each workload has its own keys (<paramref name="prefix"/>).
/// </summary>
public sealed class AppendScriptWorkload(string name, string prefix, string script, int perCall, int streams, int partitions) : IScriptWorkload
{
    private readonly int[] _versions = new int[streams];
    private readonly string?[] _lastIds = new string?[streams];
    private byte[] _sha = [];
    private int _next;

    public string Name => name;

    public int PerCall => perCall;

    public async Task PrepareAsync(IDatabase db, IServer server)
    {
        _sha = await server.ScriptLoadAsync(script);
        for (var round = 0; round < streams / perCall + 1; round++) await CallAsync(db);
    }

    public async Task CallAsync(IDatabase db)
    {
        var chosen = new int[perCall];
        for (var k = 0; k < perCall; k++)
        {
            chosen[k] = _next;
            _next = (_next + 1) % _versions.Length;
        }
        var keys = new RedisKey[perCall * 2];
        var args = new List<RedisValue>(1 + perCall * 18) { 0 };
        var deadline = DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeMilliseconds();
        for (var k = 0; k < perCall; k++)
        {
            var s = chosen[k];
            keys[2 * k] = $"{prefix}:{{p{s % partitions:D2}}}:user:u{s}";
            keys[2 * k + 1] = $"{prefix}:{{p{s % partitions:D2}}}:feed";
            var version = _versions[s] + 1;
            string[] fields = ["type", "NameChanged", "id", $"u{s}", "name", $"Name number {version}", "_version", version.ToString(), "_event_id", Guid.CreateVersion7().ToString("N")[..22], "_schema", "1"];
            args.AddRange([_versions[s], _lastIds[s] ?? "", deadline, 1, fields.Length]);
            foreach (var f in fields) args.Add(f);
        }
        var replies = (RedisResult[])(await db.ScriptEvaluateAsync(_sha, keys, [.. args]))!;
        for (var k = 0; k < perCall; k++)
        {
            var reply = (RedisResult[])replies[k]!;
            if ((string?)reply[0] != "ok") throw new InvalidOperationException($"{name}: stream u{chosen[k]} answered {(string?)reply[0]} {(string?)reply[1]}.");
            _versions[chosen[k]]++;
            _lastIds[chosen[k]] = (string?)reply[1];
        }
    }
}
