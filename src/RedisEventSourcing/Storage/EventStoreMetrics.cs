using System.Diagnostics.Metrics;

namespace RedisEventSourcing.Storage;

/// <summary>
/// Meter <c>RedisEventSourcing</c>: what operators watch (dotnet-counters, OpenTelemetry).
/// Tags carry the outcome, never ids (unbounded cardinality).
/// </summary>
internal static class EventStoreMetrics
{
    private static readonly Meter Meter = new("RedisEventSourcing", "1.0");

    public static readonly Counter<long> EventsAppended = Meter.CreateCounter<long>("es.events.appended", "{event}", "Events appended to streams");
    public static readonly Counter<long> Appends = Meter.CreateCounter<long>("es.appends", "{call}", "Grain appends (one per confirmed batch) by outcome");
    public static readonly Histogram<double> AppendDuration = Meter.CreateHistogram<double>("es.append.duration", "ms", "Time of one append script call");
    public static readonly Histogram<int> StreamsPerScriptCall = Meter.CreateHistogram<int>("es.append.streams_per_call", "{stream}", "Streams one append script call carried (group commit)");
    public static readonly Counter<long> EventsReplayed = Meter.CreateCounter<long>("es.events.replayed", "{event}", "Events folded while activating or catching up");
    private static readonly KeyValuePair<string, object?>[] Outcomes =
        Enum.GetValues<AppendStatus>().Select(s => new KeyValuePair<string, object?>("outcome", s.ToString())).ToArray();

    public static KeyValuePair<string, object?> Outcome(AppendStatus status) => Outcomes[(int)status];

    public static KeyValuePair<string, object?> Outcome(string outcome) => new("outcome", outcome);

    public static readonly Counter<long> LostEventsDetected = Meter.CreateCounter<long>("es.log.lost_detected", "{stream}",
        "Appends refused because the log no longer held entries the writer had confirmed (store lost acknowledged events)");
    public static readonly Counter<long> EventsDropped = Meter.CreateCounter<long>("es.events.dropped", "{event}",
        "Raised events that were never written, by reason (conditional raise lost, store failure reported to the caller, ...)");

    public static readonly Counter<long> AppendsNotReplicated = Meter.CreateCounter<long>("es.appends.not_replicated", "{call}",
        "Appends that landed on the master but fewer replicas than ReplicaAcknowledgements confirmed in time (callers told)");

    public static KeyValuePair<string, object?> Reason(string reason) => new("reason", reason);

    public static readonly Counter<long> SnapshotsWritten = Meter.CreateCounter<long>("es.snapshots.written", "{snapshot}", "Snapshots written");
}
