using System.Diagnostics.Metrics;
using RedisEventSourcing.Diagnostics;

namespace RedisEventSourcing.Storage;

/// <summary>
/// Meter <c>RedisEventSourcing</c>: what operators watch (dotnet-counters, OpenTelemetry).
/// Names and units follow the OpenTelemetry conventions (durations are histograms in seconds,
/// counts carry a <c>{thing}</c> annotation). Tags carry outcomes and error types, never ids
/// (unbounded cardinality); spans carry the ids (<see cref="EventStoreTracing"/>).
/// docs/observability.md lists every instrument.
/// </summary>
internal static class EventStoreMetrics
{
    private static readonly Meter Meter = new(EventStoreTelemetry.MeterName, "1.1");

    // The SDK's default buckets (0, 5, 10, ... 10000) suit milliseconds; these suit seconds,
    // from a sub-millisecond append on a local Redis to the 5 s operation timeout.
    private static readonly double[] SecondsBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    public static readonly Counter<long> EventsAppended = Meter.CreateCounter<long>("es.events.appended", "{event}", "Events appended to streams");

    public static readonly Counter<long> Appends = Meter.CreateCounter<long>("es.appends", "{append}", "Grain appends (one per batch a grain writes) by outcome");

    public static readonly Histogram<double> AppendDuration = Meter.CreateHistogram("es.append.duration", "s",
        "Time of one grain's append, from handing its batch to the group-commit queue to the script's reply (queue wait included), by outcome",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });

    public static readonly Histogram<int> StreamsPerScriptCall = Meter.CreateHistogram("es.append.streams_per_call", "{stream}",
        "Streams one append script call carried (group commit)",
        advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64] });

    public static readonly Histogram<int> CallsInFlight = Meter.CreateHistogram("es.append.calls_in_flight", "{call}",
        "Append script calls of the group in flight as one is sent, this one included: the adaptive group commit's limit at work (few on a fast local Redis, many on a distant store or a slow disk)",
        advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64] });

    public static readonly Counter<long> Conflicts = Meter.CreateCounter<long>("es.append.conflicts", "{conflict}",
        "Appends the script refused because another writer had moved the stream (the writer catches up and decides again)");

    public static readonly Counter<long> StoreErrorCount = Meter.CreateCounter<long>("es.store.errors", "{error}",
        "Typed store errors handed to callers, by error.type and operation (append, read)");

    public static readonly Counter<long> EventsReplayed = Meter.CreateCounter<long>("es.events.replayed", "{event}", "Events folded while activating or catching up");

    public static readonly Histogram<double> ReplayDuration = Meter.CreateHistogram("es.replay.duration", "s",
        "Time to build a grain's view from the store (activation, or a re-read after a loss): snapshot read plus the fold of the entries after it, by snapshot outcome",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });

    public static readonly Histogram<int> ReplayEvents = Meter.CreateHistogram("es.replay.events", "{event}",
        "Entries folded by one replay (after the snapshot, if one was used), by snapshot outcome",
        advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [0, 1, 10, 100, 1_000, 10_000, 100_000, 1_000_000] });

    public static readonly Counter<long> SnapshotReads = Meter.CreateCounter<long>("es.snapshot.reads", "{read}",
        "Snapshot look-ups when a view is built: outcome hit (used), miss (none stored) or unusable (stale schema, unreadable, entry gone)");

    public static readonly Counter<long> SnapshotsWritten = Meter.CreateCounter<long>("es.snapshots.written", "{snapshot}", "Snapshots written");

    public static readonly Counter<long> LostEventsDetected = Meter.CreateCounter<long>("es.log.lost_detected", "{stream}",
        "Appends refused because the log no longer held entries the writer had confirmed (store lost acknowledged events)");

    public static readonly Counter<long> EventsDropped = Meter.CreateCounter<long>("es.events.dropped", "{event}",
        "Raised events that were never written, by reason (conditional raise lost, store failure reported to the caller, ...)");

    public static readonly Counter<long> AppendsNotReplicated = Meter.CreateCounter<long>("es.appends.not_replicated", "{append}",
        "Appends that landed on the master but fewer replicas than ReplicaAcknowledgements confirmed in time (callers told)");

    private static readonly KeyValuePair<string, object?>[] Outcomes =
        Enum.GetValues<AppendStatus>().Select(s => Outcome(SnakeCase(s.ToString()))).ToArray();

    public static KeyValuePair<string, object?> Outcome(AppendStatus status) => Outcomes[(int)status];

    public static KeyValuePair<string, object?> Outcome(string outcome) => new("outcome", outcome);

    public static KeyValuePair<string, object?> Reason(string reason) => new("reason", reason);

    private static readonly string[] SnapshotOutcomes = Enum.GetValues<SnapshotOutcome>().Select(o => SnakeCase(o.ToString())).ToArray();

    public static string NameOf(SnapshotOutcome outcome) => SnapshotOutcomes[(int)outcome];

    /// <summary>One full read of a stream into a view: how long, how many entries folded, and what the snapshot gave.</summary>
    public static void Replayed(TimeSpan elapsed, int events, SnapshotOutcome snapshot)
    {
        var tag = new KeyValuePair<string, object?>("snapshot", NameOf(snapshot));
        ReplayDuration.Record(elapsed.TotalSeconds, tag);
        ReplayEvents.Record(events, tag);
    }

    /// <summary>One typed error a caller gets; <paramref name="errorType"/> is one of the few names docs/observability.md lists.</summary>
    public static void StoreError(string errorType, string operation) =>
        StoreErrorCount.Add(1, new KeyValuePair<string, object?>("error.type", errorType), new KeyValuePair<string, object?>("operation", operation));

    private static string SnakeCase(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));
}
