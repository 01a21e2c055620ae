namespace RedisEventSourcing.Projections.Streaming;

/// <summary>
/// Where a partition's reader starts when a silo takes the partition: after the returned feed
/// entry id. The consumers' own checkpoints decide (typically the oldest checkpoint among the
/// projections that read the feed). Orleans' <c>MessagesDeliveredAsync</c> says only that its
/// cache let go of entries, not that any consumer applied them, so the provider keeps no position
/// of its own.
/// </summary>
public interface IFeedStartPosition
{
    /// <summary>The feed entry id to start after (<c>"0-0"</c> or null: from the first entry).</summary>
    Task<string?> StartAfterAsync(int partition);
}

/// <summary>The default: every partition from its first entry; consumers skip what their checkpoints cover.</summary>
public sealed class FeedStartFromBeginning : IFeedStartPosition
{
    public static FeedStartFromBeginning Instance { get; } = new();

    public Task<string?> StartAfterAsync(int partition) => Task.FromResult<string?>("0-0");
}
