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
    private readonly Lock _gate = new();
    private readonly Dictionary<string, FeedReference> _next = new(StringComparer.Ordinal);
    // Insertion order is feed order: the oldest links go first once the window is full.
    private readonly Queue<string> _order = new();

    public int Count
    {
        get
        {
            lock (_gate) return _next.Count;
        }
    }

    public void Add(string after, FeedReference reference)
    {
        lock (_gate)
        {
            // A redelivery of a link already held changes nothing: the feed is append-only.
            if (!_next.TryAdd(after, reference)) return;
            _order.Enqueue(after);
            while (_order.Count > capacity) _next.Remove(_order.Dequeue());
        }
    }

    /// <summary>
    /// The references after <paramref name="after"/> (null: the start of the feed) up to and
    /// including <paramref name="target"/>, at most <paramref name="max"/>; what
    /// <see cref="FeedReader.ReadAfterAsync"/> would return, or null when the chain does not
    /// reach that far.
    /// </summary>
    public IReadOnlyList<FeedReference>? TryRead(string? after, string target, int max)
    {
        var page = new List<FeedReference>();
        lock (_gate)
        {
            var at = after ?? "0-0";
            while (page.Count < max && _next.TryGetValue(at, out var reference))
            {
                if (FeedPosition.IsAfter(reference.FeedEntryId, target)) return page;
                page.Add(reference);
                if (reference.FeedEntryId == target) return page;
                at = reference.FeedEntryId;
            }
        }
        return page.Count == max ? page : null;
    }
}
