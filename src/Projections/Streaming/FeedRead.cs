using StackExchange.Redis;

namespace RedisEventSourcing.Projections.Streaming;

/// <summary>
/// <c>XREAD [BLOCK ms] COUNT n STREAMS feed after</c>: the entries after a position. Sent as a raw
/// command because the client library has no blocking read (it multiplexes one socket, so a
/// blocking command stalls everything behind it: callers pass <paramref name="block"/> only on a
/// connection of their own).
/// </summary>
internal static class FeedRead
{
    public static async Task<IReadOnlyList<StreamEntry>> AfterAsync(IDatabase database, string feedKey, string after, int count, TimeSpan? block)
    {
        var args = new List<object> { "COUNT", count };
        if (block is { } wait)
        {
            args.Add("BLOCK");
            args.Add((long)wait.TotalMilliseconds);
        }
        args.Add("STREAMS");
        args.Add((RedisKey)feedKey);
        args.Add(after);
        var reply = await database.ExecuteAsync("XREAD", args);
        return reply.IsNull ? [] : ParseReply(reply);
    }

    /// <summary>RESP2 answers <c>[[key, entries]]</c>; RESP3 a map <c>{key: entries}</c>, which arrives flattened.</summary>
    private static List<StreamEntry> ParseReply(RedisResult reply)
    {
        var streams = (RedisResult[])reply!;
        var entries = reply.Resp3Type == ResultType.Map ? streams[1] : ((RedisResult[])streams[0]!)[1];
        var list = new List<StreamEntry>();
        foreach (var entry in (RedisResult[])entries!)
        {
            var parts = (RedisResult[])entry!;
            var fields = parts[1].IsNull ? [] : (RedisValue[])parts[1]!;
            var values = new NameValueEntry[fields.Length / 2];
            for (var i = 0; i < values.Length; i++)
                values[i] = new NameValueEntry(fields[2 * i], fields[2 * i + 1]);
            list.Add(new StreamEntry((RedisValue)parts[0], values));
        }
        return list;
    }
}
