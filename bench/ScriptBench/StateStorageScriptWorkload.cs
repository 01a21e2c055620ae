using StackExchange.Redis;

namespace ScriptBench;

/// <summary>
/// Orleans' Redis grain storage write, as Microsoft.Orleans.Persistence.Redis 10 sends it
/// (RedisGrainStorage.WriteStateAsync): check the etag, set etag and data, one hash per grain. The
/// data is a user's state in that provider's JSON, as the write bench's StateStorage target stores it.
/// </summary>
public sealed class StateStorageScriptWorkload(string prefix, int grains) : IScriptWorkload
{
    // Verbatim from dotnet/orleans src/Redis/Orleans.Persistence.Redis/Storage/RedisGrainStorage.cs.
    private const string WriteScript =
        """
        local etag = redis.call('HGET', KEYS[1], 'etag')
        if ((not etag or etag == '') and (not ARGV[1] or ARGV[1] == '')) or etag == ARGV[1] then
          redis.call('HMSET', KEYS[1], 'etag', ARGV[2], 'data', ARGV[3])
          if ARGV[4] ~= '-1' then
            redis.call('EXPIRE', KEYS[1], ARGV[4])
          end
          return 0
        else
          return -1
        end
        """;

    private readonly string?[] _etags = new string?[grains];
    private byte[] _sha = [];
    private int _next;

    public string Name => "Orleans StateStorage write script";

    public int PerCall => 1;

    public async Task PrepareAsync(IDatabase db, IServer server)
    {
        _sha = await server.ScriptLoadAsync(WriteScript);
        for (var i = 0; i < _etags.Length; i++) await CallAsync(db);
    }

    public async Task CallAsync(IDatabase db)
    {
        var g = _next;
        _next = (_next + 1) % _etags.Length;
        var etag = Guid.NewGuid().ToString("N");
        var data = $$"""{"$id":"1","$type":"Grains.Users.UserState, Grains","Exists":true,"Name":"Name number {{etag[..6]}}","Email":"u{{g}}@example.com","Address":null,"Deactivated":false}""";
        var result = (int)(await db.ScriptEvaluateAsync(_sha, [(RedisKey)$"{prefix}:u{g}"], [_etags[g] ?? "", etag, data, "-1"]))!;
        if (result != 0) throw new InvalidOperationException($"StateStorage script: etag conflict on u{g}.");
        _etags[g] = etag;
    }
}
