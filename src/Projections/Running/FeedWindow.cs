namespace RedisEventSourcing.Projections.Running;

/// <summary>
/// A partition's recently delivered feed references, each keyed by the position the receiver read
/// it after (<see cref="Streaming.FeedSequenceToken.After"/>), so they chain into stretches of the
/// feed with nothing missing between links. A pump whose checkpoint starts such a chain takes its
/// next page from here instead of reading the feed again with <c>XRANGE</c>: live, every pump of
/// the partition then costs Redis no feed read at all. A checkpoint off the chain (activation, a
/// gap in delivery, a stretch evicted) gets null, and the pump reads the feed as before.
/// </summary>
internal sealed class FeedWindow(int capacity = 1024)
{
    // Insertion order is feed order: the oldest links go first once the window is full. A
    // redelivery of a link already held changes nothing (the feed is append-only).
    private readonly RecentMap<FeedReference> _next = new(capacity);

    public int Count => _next.Count;

    public void Add(string after, FeedReference reference) => _next.Add(after, reference);

    /// <summary>
    /// The references after <paramref name="after"/> (null: the start of the feed) up to and
    /// including <paramref name="target"/>, at most <paramref name="max"/>; what
    /// <see cref="FeedReader.ReadAfterAsync"/> would return, or null when the chain does not
    /// reach that far.
    /// </summary>
    public IReadOnlyList<FeedReference>? TryRead(string? after, string target, int max) => _next.Read(next =>
    {
        var page = new List<FeedReference>();
        var at = after ?? "0-0";
        while (page.Count < max && next.TryGetValue(at, out var reference))
        {
            if (FeedPosition.IsAfter(reference.FeedEntryId, target)) return page;
            page.Add(reference);
            if (reference.FeedEntryId == target) return page;
            at = reference.FeedEntryId;
        }
        return page.Count == max ? page : null;
    });
}
