using System.Diagnostics;
using Grains.Users;
using RedisEventSourcing.Serialization;
using StackExchange.Redis;

namespace ReplayBench;

/// <summary>
/// The adaptor's replay loop (CatchUpAsync) without Orleans: fetch a page, decode every entry with the
/// provider's decoder, fold it into a <see cref="UserState"/> and keep it in a list, then fetch the next.
/// Between the raw XRANGE rate and an activation, it tells the decoder's share from Orleans' share.
/// </summary>
public static class ProviderPageLoop
{
    public static async Task<(TimeSpan Elapsed, int Events)> ReplayAsync(IDatabase db, string streamKey, int pageSize, Func<string, StreamEntry, RecordedEvent> decode, bool keep = true)
    {
        ActivationProbe.Quiesce();
        var watch = Stopwatch.StartNew();
        var state = new UserState();
        var folded = new List<RecordedEvent>();
        var events = 0;
        RedisValue from = "-";
        while (true)
        {
            var page = await db.StreamRangeAsync(streamKey, from, "+", pageSize);
            foreach (var e in page)
            {
                var recorded = decode(streamKey, e);
                state.Apply((UserEvent)recorded.Event);
                if (keep) folded.Add(recorded);
                events++;
            }
            if (page.Length < pageSize) break;
            from = "(" + page[^1].Id.ToString();
        }
        return (watch.Elapsed, events);
    }
}
