using StackExchange.Redis;
using WriteBench.Stores;

namespace WriteBench.Workloads;

/// <summary>Redis bytes per user with 5 events and per event with 1,000-event users, per stream-node setting.</summary>
public sealed record MemoryProbeResult(StreamNodeSettings Settings, double BytesPerSmallUser, double FeedBytesPerSmallUser, double BytesPerLongEvent);

public static class MemoryProbe
{
    public static async Task<MemoryProbeResult> RunAsync(StreamNodeSettings settings, int smallUsers, int longUsers)
    {
        var (small, feed) = await MeasureAsync(settings, smallUsers, 5);
        var (large, _) = await MeasureAsync(settings, longUsers, 1000);
        return new MemoryProbeResult(settings, small / smallUsers, feed / smallUsers, large / (longUsers * 1000.0));
    }

    /// <summary>Entries exactly as the append script writes them (stream + feed), all keys counted.</summary>
    private static async Task<(long Total, long Feed)> MeasureAsync(StreamNodeSettings settings, int users, int eventsPerUser)
    {
        await using var redis = await RedisStore.StartAsync("no", appendOnly: false, settings);
        var db = redis.Database;
        var seedMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        for (var u = 0; u < users; u++)
        {
            var id = $"user-{u:D6}";
            var pending = new List<Task>();
            for (var v = 1; v <= eventsPerUser; v++)
            {
                CommandKind? kind = v == 1 ? null : (CommandKind)((v + 1) % 3);
                var value = kind switch
                {
                    null => $"User {u}",
                    CommandKind.ChangeEmail => $"user{u}.{v}@example.com",
                    CommandKind.Rename => $"Name {v} of user {u}",
                    _ => $"{v} Bench Street, Apt {u}, Springfield",
                };
                var fields = WireEntry.For(id, v, kind, value);
                var entries = fields.Select(f => new NameValueEntry(f.Key, f.Value)).ToArray();
                // Explicit ids ("<seed ms>-<version>") let the feed reference each entry without waiting for XADD's reply.
                    var entryId = $"{seedMs}-{v}";
                    pending.Add(db.StreamAddAsync(StreamKeys.Stream(id), entries, entryId));
                pending.Add(db.StreamAddAsync(StreamKeys.FeedOf(id), WireEntry.FeedReference(StreamKeys.Stream(id), entryId, fields)));
            }
            await Task.WhenAll(pending);
        }
        var (total, _, _) = await redis.FootprintAsync();
        long feed = 0;
        for (var p = 0; p < StreamKeys.Partitions; p++)
            feed += (long)(await db.ExecuteAsync("MEMORY", "USAGE", $"es:{{p{p:D2}}}:feed", "SAMPLES", "0"));
        return (total, feed);
    }
}
