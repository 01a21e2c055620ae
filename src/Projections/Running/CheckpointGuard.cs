namespace RedisEventSourcing.Projections.Running;

/// <summary>
/// What of a batch a read model applies, given the checkpoint it has stored. Two readers of one
/// partition may overlap (a rebalance, a silo thought dead): what the stored checkpoint covers is
/// in, and the checkpoint never goes back. Every store calls this inside its own transaction or script.
/// </summary>
public static class CheckpointGuard
{
    /// <returns>
    /// Null when the batch is stale (the stored checkpoint is past it: apply nothing); the events
    /// after the stored checkpoint otherwise; all of them when the batch ends exactly at the stored
    /// checkpoint (a re-derivation there, as dead-letter replay does).
    /// </returns>
    public static IReadOnlyList<FeedEvent>? EventsToApply(IReadOnlyList<FeedEvent> events, string checkpoint, string? stored)
    {
        var order = FeedPosition.Compare(checkpoint, stored);
        if (order < 0) return null;
        return order == 0 ? events : events.Where(e => FeedPosition.IsAfter(e.Reference.FeedEntryId, stored)).ToList();
    }
}
