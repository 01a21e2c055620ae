using System.Diagnostics;
using RedisEventSourcing.Storage;
using StackExchange.Redis;

namespace ReadBench;

/// <summary>
/// Loads <see cref="UserHistories"/> through the provider's append script
/// (src/RedisEventSourcing/Scripts/append.lua, embedded at build time), laid out as
/// <c>EventStreamStore.AppendManyAsync</c> lays it out: so each event is written to its user's
/// stream and referenced in its partition feed by the same code as in production, with the same
/// version check. Events go in rounds (every user's version 1, then every user's version 2, ...),
/// so a feed page interleaves many users as live traffic does, instead of one user's whole history
/// in a row, which would flatter every read model (fewer rows touched per event).
/// </summary>
public static class AppendScriptLoader
{
    private static readonly string Script = LoadScript();

    /// <summary>Streams per script call: the provider groups concurrent commands the same way.</summary>
    private const int StreamsPerCall = 32;

    /// <summary>Script calls in flight: enough to keep Redis busy without flooding the client's output buffer.</summary>
    private const int CallsInFlight = 64;

    public static async Task<TimeSpan> LoadAsync(IDatabase db, UserHistories histories, StreamKeys keys, Action<long>? progress = null)
    {
        var encoder = new ProductEntryEncoder();
        var streams = Enumerable.Range(0, histories.Users).Select(u => keys.Stream("user", UserHistories.UserId(u))).ToArray();
        var feeds = Enumerable.Range(0, histories.Users).Select(u => keys.FeedOf(UserHistories.UserId(u))).ToArray();
        // The SHA of the script, loaded once: every call is an EVALSHA, as the provider sends.
        await db.ExecuteAsync("SCRIPT", "LOAD", Script);
        var sha = System.Security.Cryptography.SHA1.HashData(System.Text.Encoding.UTF8.GetBytes(Script));
        var watch = Stopwatch.StartNew();
        var inFlight = new List<Task<RedisResult>>(CallsInFlight);
        long written = 0;
        for (var version = 1; version <= histories.EventsPerUser; version++)
        {
            for (var first = 0; first < histories.Users; first += StreamsPerCall)
            {
                var count = Math.Min(StreamsPerCall, histories.Users - first);
                var callKeys = new RedisKey[count * 2];
                var args = new List<RedisValue>(1 + count * 20) { 0 }; // feed MAXLEN 0: unbounded, the provider's default
                for (var i = 0; i < count; i++)
                {
                    var user = first + i;
                    callKeys[2 * i] = streams[user];
                    callKeys[2 * i + 1] = feeds[user];
                    var fields = encoder.Encode(histories.Event(user, version), version);
                    // Expected version, no last entry id (the script then checks the last entry's _version), no deadline, one event.
                    args.AddRange([version - 1, "", 0, 1, fields.Count * 2]);
                    foreach (var (name, value) in fields) args.AddRange([name, value]);
                }
                inFlight.Add(db.ScriptEvaluateAsync(sha, callKeys, [.. args]));
                written += count;
                if (inFlight.Count == CallsInFlight)
                {
                    await DrainAsync(inFlight);
                    progress?.Invoke(written);
                }
            }
        }
        await DrainAsync(inFlight);
        progress?.Invoke(written);
        return watch.Elapsed;
    }

    /// <summary>Every stream of every call must answer 'ok': a refusal means the load is not what the report says.</summary>
    private static async Task DrainAsync(List<Task<RedisResult>> calls)
    {
        foreach (var call in calls)
        {
            foreach (var reply in (RedisResult[])(await call)!)
            {
                var parts = (RedisResult[])reply!;
                if ((string?)parts[0] != "ok") throw new InvalidOperationException($"append.lua answered {(string?)parts[0]} {(string?)parts[1]}");
            }
        }
        calls.Clear();
    }

    private static string LoadScript()
    {
        using var stream = typeof(AppendScriptLoader).Assembly.GetManifestResourceStream("append.lua")
            ?? throw new InvalidOperationException("append.lua is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
