using RedisEventSourcing.Options;
using RedisEventSourcing.Storage;
using StackExchange.Redis;

namespace ReplayBench;

/// <summary>Loads the histories, then measures activations without and with snapshots, beside raw XRANGE.</summary>
public sealed class BenchRunner(BenchPlan plan, string redisConnection, IDatabase db, TextWriter log)
{
    private const string Category = "user";
    private readonly StreamKeys _keys = new("es", 16);
    private readonly Dictionary<int, double> _loadMs = [];
    private readonly Dictionary<int, Measured> _noSnapshot = [];
    private readonly Dictionary<int, (double Writing, double Median, double Best)> _snapshot = [];

    private sealed record Measured(double ActivationMs, double RawMs, double PairedRatio, double BestActivationMs, double BestRawMs, double LoopMs, double GcPauseMs, double Gen2, double ReplayBytesPerEvent, double RawBytesPerEvent, long PeakRss);

    public IReadOnlyList<DecodeBreakdown.Stage> Breakdown { get; private set; } = [];

    public int BreakdownEvents { get; private set; }

    public async Task<IReadOnlyList<LengthResult>> RunAsync()
    {
        await LoadAsync();
        await MeasureWithoutSnapshotsAsync();
        await MeasureWithSnapshotsAsync();
        await BreakDownAsync();
        return plan.HistoryLengths.Select(n => new LengthResult(n, plan.RepetitionsFor(n), _loadMs[n],
            _noSnapshot[n].ActivationMs, _snapshot[n].Median, _snapshot[n].Best, _snapshot[n].Writing, _noSnapshot[n].RawMs, _noSnapshot[n].PairedRatio,
            _noSnapshot[n].BestActivationMs, _noSnapshot[n].BestRawMs, _noSnapshot[n].LoopMs, _noSnapshot[n].GcPauseMs, _noSnapshot[n].Gen2,
            _noSnapshot[n].ReplayBytesPerEvent, _noSnapshot[n].RawBytesPerEvent, _noSnapshot[n].PeakRss)).ToList();
    }

    private async Task LoadAsync()
    {
        await HistoryLoader.LoadAsync(db, StreamKey(BenchPlan.WarmupUserId), BenchPlan.WarmupUserId, BenchPlan.WarmupLength);
        foreach (var n in plan.HistoryLengths)
        {
            var took = await HistoryLoader.LoadAsync(db, StreamKey(BenchPlan.UserIdFor(n)), BenchPlan.UserIdFor(n), n);
            _loadMs[n] = took.TotalMilliseconds;
            log.WriteLine($"loaded {n,9:N0} events in {took.TotalSeconds,6:0.00} s ({n / took.TotalSeconds,10:N0} events/s)");
        }
    }

    private async Task MeasureWithoutSnapshotsAsync()
    {
        await using var silo = await BenchSilo.StartAsync(redisConnection, o =>
        {
            o.ReadPageSize = plan.ReadPageSize;
            o.SnapshotEvery = 0;
            o.SnapshotOnDeactivate = false;
        });
        await WarmUpAsync(silo);
        var decode = DecodeBreakdown.ProviderDecoder();
        foreach (var n in plan.HistoryLengths)
        {
            var id = BenchPlan.UserIdFor(n);
            var loops = new List<double>();
            var activations = new List<ActivationSample>();
            var raws = new List<(TimeSpan Elapsed, long Entries, long AllocatedBytes)>();
            MemoryProbe.TryResetPeak();
            for (var rep = 0; rep < plan.RepetitionsFor(n); rep++)
            {
                var raw = await RawXrangeReader.ReadAllAsync(db, StreamKey(id), plan.ReadPageSize);
                if (raw.Entries != n) throw new InvalidOperationException($"XRANGE read {raw.Entries} entries of '{id}', expected {n}.");
                raws.Add(raw);
                loops.Add((await ProviderPageLoop.ReplayAsync(db, StreamKey(id), plan.ReadPageSize, decode)).Elapsed.TotalMilliseconds);
                activations.Add(await ActivationProbe.MeasureAsync(silo, id, n));
            }
            var measured = new Measured(
                Stats.Median(activations.Select(a => a.Elapsed.TotalMilliseconds).ToList()),
                Stats.Median(raws.Select(r => r.Elapsed.TotalMilliseconds).ToList()),
                Stats.Median(raws.Zip(activations, (r, a) => r.Elapsed.TotalMilliseconds / a.Elapsed.TotalMilliseconds).ToList()),
                activations.Min(a => a.Elapsed.TotalMilliseconds),
                raws.Min(r => r.Elapsed.TotalMilliseconds),
                Stats.Median(loops),
                Stats.Median(activations.Select(a => a.GcPause.TotalMilliseconds).ToList()),
                Stats.Median(activations.Select(a => (double)a.Gen2Collections).ToList()),
                Stats.Median(activations.Select(a => (double)a.AllocatedBytes / n).ToList()),
                Stats.Median(raws.Select(r => (double)r.AllocatedBytes / n).ToList()),
                MemoryProbe.PeakBytes());
            _noSnapshot[n] = measured;
            log.WriteLine($"no snapshot {n,9:N0}: activation {measured.ActivationMs,9:0.00} ms (GC pause {measured.GcPauseMs:0.0} ms, gen2 {measured.Gen2:0}), raw XRANGE {measured.RawMs,9:0.00} ms, "
                + $"page loop outside Orleans {measured.LoopMs,9:0.00} ms, replay/raw {measured.RawMs / measured.ActivationMs:P0}  [activations: {string.Join(" ", activations.Select(a => a.Elapsed.TotalMilliseconds.ToString("0.0")))}]");
        }
    }

    private async Task MeasureWithSnapshotsAsync()
    {
        await using var silo = await BenchSilo.StartAsync(redisConnection, o =>
        {
            o.ReadPageSize = plan.ReadPageSize;
            o.SnapshotEvery = plan.SnapshotEvery;
            o.SnapshotOnDeactivate = true;
        });
        await WarmUpAsync(silo);
        var writing = new Dictionary<int, TimeSpan>();
        foreach (var n in plan.HistoryLengths)
        {
            var id = BenchPlan.UserIdFor(n);
            ActivationProbe.Quiesce();
            writing[n] = await SnapshotPreparer.PrepareAsync(silo, db, _keys.Snapshot(Category, id), id, n);
            log.WriteLine($"snapshot written {n,9:N0}: the activation that replayed and wrote it took {writing[n].TotalMilliseconds:0.0} ms");
        }
        // Measured only once every snapshot exists, so no replay's garbage is still around; round-robin
        // over the lengths, so a burst of load elsewhere on the machine does not fall on one length only.
        await WarmUpAsync(silo);
        var samples = plan.HistoryLengths.ToDictionary(n => n, _ => new List<double>());
        for (var rep = 0; rep < plan.SnapshotRepetitions; rep++)
        {
            foreach (var n in plan.HistoryLengths)
                samples[n].Add((await ActivationProbe.MeasureAsync(silo, BenchPlan.UserIdFor(n), n)).Elapsed.TotalMilliseconds);
        }
        foreach (var n in plan.HistoryLengths)
        {
            var id = BenchPlan.UserIdFor(n);
            _snapshot[n] = (writing[n].TotalMilliseconds, Stats.Median(samples[n]), samples[n].Min());
            var path = await SnapshotPathProbe.MeasureAsync(db, _keys.Snapshot(Category, id), StreamKey(id), plan.ReadPageSize, plan.SnapshotRepetitions);
            log.WriteLine($"snapshot    {n,9:N0}: activation {_snapshot[n].Median,7:0.00} ms (min {samples[n].Min():0.00}, max {samples[n].Max():0.00}); "
                + $"its Redis reads from this process: HGETALL {path.HashGetAllUs:0} us, anchor XRANGE {path.AnchorUs:0} us, tail XRANGE {path.TailUs:0} us");
        }
    }

    /// <summary>Decoding stage by stage on the 100k history (the longest in quick mode; 1M adds only GC pressure).</summary>
    private async Task BreakDownAsync()
    {
        BreakdownEvents = plan.HistoryLengths.Where(n => n <= 100_000).Max();
        Breakdown = await DecodeBreakdown.MeasureAsync(db, StreamKey(BenchPlan.UserIdFor(BreakdownEvents)), plan.ReadPageSize, plan.Repetitions);
        foreach (var stage in Breakdown)
            log.WriteLine($"breakdown {stage.Name,-64} {stage.NanosecondsPerEvent,8:0} ns/event {stage.BytesPerEvent,6:0} B/event, GC pause {stage.GcPauseNanosecondsPerEvent,6:0} ns/event");
    }

    /// <summary>JIT, connection, directory and codec caches: exercised on a user that is not measured.</summary>
    private async Task WarmUpAsync(BenchSilo silo)
    {
        for (var i = 0; i < plan.WarmupActivations; i++)
        {
            await RawXrangeReader.ReadAllAsync(db, StreamKey(BenchPlan.WarmupUserId), plan.ReadPageSize);
            await ActivationProbe.MeasureAsync(silo, BenchPlan.WarmupUserId, BenchPlan.WarmupLength);
        }
    }

    private string StreamKey(string id) => _keys.Stream(Category, id);
}
