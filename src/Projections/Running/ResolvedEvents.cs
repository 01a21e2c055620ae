namespace RedisEventSourcing.Projections.Running;

/// <summary>
/// Events a partition's resolvers decoded lately, by feed entry id, shared by the pumps of every
/// copy of that partition: the copy that applies an entry first reads and decodes it, the copies
/// behind it take the same event from here (events and their metadata are immutable). Only plain
/// references that resolved to one event are kept; markers, failures and resyncs are resolved
/// each time. Bounded: the oldest go first.
/// </summary>
public sealed class ResolvedEvents(int capacity = 2048)
{
    private readonly RecentMap<FeedEvent> _events = new(capacity);

    public bool TryGet(FeedReference reference, out FeedEvent feedEvent)
    {
        // The same entry id with another reference (never from one feed) is not a hit.
        if (_events.TryGet(reference.FeedEntryId, out feedEvent) && feedEvent.Reference == reference) return true;
        feedEvent = null!;
        return false;
    }

    public void Add(FeedEvent feedEvent) => _events.Add(feedEvent.Reference.FeedEntryId, feedEvent);
}
