using System.Collections.Concurrent;
using RedisEventSourcing.Projections;

namespace EventSourcing.Tests.Projections;

/// <summary>
/// What every feed consumer of this test process received, in delivery order. Silos of a
/// TestCluster run in this process, so a static collection sees them all; tests pick their own
/// entries by stream key or feed entry id (keys carry the fixture's prefix).
/// </summary>
public static class FeedRecorder
{
    private static readonly ConcurrentQueue<ReceivedReference> Received = new();

    public static void Record(FeedReference reference, string? tokenEntryId) =>
        Received.Enqueue(new ReceivedReference(reference, tokenEntryId, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));

    public static IReadOnlyList<ReceivedReference> Where(Func<FeedReference, bool> predicate) =>
        Received.Where(r => predicate(r.Reference)).ToList();
}

/// <param name="TokenEntryId">The feed entry id the Orleans sequence token carried.</param>
/// <param name="ReceivedAtMs">Unix ms at delivery, to compare with the entry id's Redis time.</param>
public sealed record ReceivedReference(FeedReference Reference, string? TokenEntryId, long ReceivedAtMs);
