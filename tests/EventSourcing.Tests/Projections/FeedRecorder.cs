using System.Collections.Concurrent;
using RedisEventSourcing.Projections;

namespace EventSourcing.Tests.Projections;

/// <summary>
/// What the feed consumers of each cluster received, in delivery order. Silos of a TestCluster
/// run in this process, so a static collection sees them all; it is kept per cluster id, because
/// clusters of different fixtures run side by side and their feed entry ids may coincide.
/// </summary>
public static class FeedRecorder
{
    private static readonly ConcurrentDictionary<string, ConcurrentQueue<ReceivedReference>> Received = new();

    public static void Record(string clusterId, FeedReference reference, string? tokenEntryId) =>
        Received.GetOrAdd(clusterId, _ => new()).Enqueue(new ReceivedReference(reference, tokenEntryId, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));

    public static IReadOnlyList<ReceivedReference> Where(string clusterId, Func<FeedReference, bool> predicate) =>
        Received.TryGetValue(clusterId, out var received) ? received.Where(r => predicate(r.Reference)).ToList() : [];
}

/// <param name="TokenEntryId">The feed entry id the Orleans sequence token carried.</param>
/// <param name="ReceivedAtMs">Unix ms at delivery, to compare with the entry id's Redis time.</param>
public sealed record ReceivedReference(FeedReference Reference, string? TokenEntryId, long ReceivedAtMs);
