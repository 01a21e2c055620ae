using System.Diagnostics;
using System.Reflection;
using Grains.Users;
using RedisEventSourcing.Serialization;
using StackExchange.Redis;

namespace ReplayBench;

/// <summary>
/// Where a replay's time goes, outside Orleans: the provider's own decoder (internal, reached by
/// reflection) run stage by stage over pages already fetched, CPU only, beside the fetch itself.
/// </summary>
public static class DecodeBreakdown
{
    public sealed record Stage(string Name, double NanosecondsPerEvent, double BytesPerEvent, double GcPauseNanosecondsPerEvent);

    public static async Task<IReadOnlyList<Stage>> MeasureAsync(IDatabase db, string streamKey, int pageSize, int repetitions)
    {
        var decode = ProviderDecoder();
        var pages = new List<StreamEntry[]>();
        var stages = new List<Stage>
        {
            await Best("fetch: XRANGE paging (SE.Redis parse)", repetitions, async () =>
            {
                pages.Clear();
                RedisValue from = "-";
                while (true)
                {
                    var page = await db.StreamRangeAsync(streamKey, from, "+", pageSize);
                    pages.Add(page);
                    if (page.Length < pageSize) break;
                    from = "(" + page[^1].Id.ToString();
                }
                return pages.Sum(p => p.Length);
            }),
        };
        var entries = pages.SelectMany(p => p).ToArray();
        stages.Add(await Best("entry id + every field name/value to string", repetitions, () => Task.FromResult(ForEach(entries, e =>
        {
            _ = e.Id.ToString();
            foreach (var pair in e.Values) { _ = pair.Name.ToString(); _ = pair.Value.ToString(); }
        }))));
        stages.Add(await Best("  + payload Dictionary per entry", repetitions, () => Task.FromResult(ForEach(entries, e =>
        {
            _ = e.Id.ToString();
            var payload = new Dictionary<string, string>(e.Values.Length, StringComparer.Ordinal);
            foreach (var pair in e.Values) payload.TryAdd(pair.Name.ToString(), pair.Value.ToString());
        }))));
        stages.Add(await Best("EntryDecoder.Decode (provider, whole)", repetitions, () => Task.FromResult(ForEach(entries, e => decode(streamKey, e)))));
        stages.Add(await Best("  + UserState.Apply (the fold)", repetitions, () =>
        {
            var state = new UserState();
            return Task.FromResult(ForEach(entries, e => state.Apply((UserEvent)decode(streamKey, e).Event)));
        }));
        stages.Add(await Best("  + keep every RecordedEvent in a List (as CatchUpAsync did before this was measured)", repetitions, () =>
        {
            var state = new UserState();
            var folded = new List<RecordedEvent>();
            return Task.FromResult(ForEach(entries, e =>
            {
                var recorded = decode(streamKey, e);
                state.Apply((UserEvent)recorded.Event);
                folded.Add(recorded);
            }));
        }));
        stages.Add(await Best("page loop: fetch a page, decode + fold + keep it, fetch the next (the old CatchUpAsync, without Orleans)", repetitions,
            async () => (await ProviderPageLoop.ReplayAsync(db, streamKey, pageSize, decode)).Events));
        stages.Add(await Best("  the same loop, decoded events not kept (closer to CatchUpAsync now, which also prefetches the next page)", repetitions,
            async () => (await ProviderPageLoop.ReplayAsync(db, streamKey, pageSize, decode, keep: false)).Events));
        return stages;
    }

    private static int ForEach(StreamEntry[] entries, Action<StreamEntry> action)
    {
        foreach (var e in entries) action(e);
        return entries.Length;
    }

    /// <summary>Fastest of the runs (a shared machine only ever adds time), with its allocation.</summary>
    private static async Task<Stage> Best(string name, int repetitions, Func<Task<int>> run)
    {
        await run(); // warm-up
        var best = (Ns: double.MaxValue, Bytes: 0.0, Pause: 0.0);
        for (var i = 0; i < repetitions; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var pause = GC.GetTotalPauseDuration();
            var watch = Stopwatch.StartNew();
            var events = await run();
            var ns = watch.Elapsed.TotalNanoseconds / events;
            var bytes = (double)(GC.GetTotalAllocatedBytes(precise: true) - allocated) / events;
            var pauseNs = (GC.GetTotalPauseDuration() - pause).TotalNanoseconds / events;
            if (ns < best.Ns) best = (ns, bytes, pauseNs);
        }
        return new Stage(name, best.Ns, best.Bytes, best.Pause);
    }

    /// <summary>The decoder the adaptor uses for <see cref="UserGrain"/>, built as the adaptor factory builds it.</summary>
    public static Func<string, StreamEntry, RecordedEvent> ProviderDecoder()
    {
        var assembly = typeof(RecordedEvent).Assembly;
        var registryType = assembly.GetType("RedisEventSourcing.Serialization.EventTypeRegistry", throwOnError: true)!;
        var decoderType = assembly.GetType("RedisEventSourcing.Serialization.EntryDecoder", throwOnError: true)!;
        var registry = registryType.GetMethod("For", BindingFlags.Public | BindingFlags.Static)!.Invoke(null, [typeof(UserEvent), typeof(UserGrain)]);
        var decoder = Activator.CreateInstance(decoderType, registry)!;
        return decoderType.GetMethod("Decode")!.CreateDelegate<Func<string, StreamEntry, RecordedEvent>>(decoder);
    }
}
