namespace RedisEventSourcing.Projections;

/// <summary>
/// One entry of a partition feed (<c>{prefix}:{pNN}:feed</c>) as written by the append script:
/// a reference to an event (<c>_stream</c>, <c>_id</c>, <c>_version</c>, <c>type</c>), or a marker
/// such as <see cref="FeedMarkers.Cleared"/>. <see cref="FeedEntryId"/> is the position in the
/// feed, and what a projection's checkpoint records.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record FeedReference(
    [property: Id(0)] int Partition,
    [property: Id(1)] string FeedEntryId,
    [property: Id(2)] string StreamKey,
    [property: Id(3)] string StreamEntryId,
    [property: Id(4)] int Version,
    [property: Id(5)] string Type);

/// <summary>Feed entries that are not events. Event wire names never start with '_'.</summary>
public static class FeedMarkers
{
    /// <summary><c>ClearLogAsync</c>: the stream and its snapshot are gone; drop what was derived from it.</summary>
    public const string Cleared = "_cleared";

    /// <summary>
    /// The stream holds entries the feed may not refer to (another program's plain <c>XADD</c>):
    /// derive the aggregate again from its stream, from the start up to and including
    /// <see cref="FeedReference.StreamEntryId"/>. Written by the append script and by
    /// <c>projections repair-feed</c>; the resolver expands it into a <see cref="Cleared"/> and the
    /// stream's events up to there, all at the marker's feed entry id.
    /// </summary>
    public const string Resync = "_resync";

    /// <summary>
    /// Not written by the append script: an entry with a field missing or unreadable (another
    /// program's <c>XADD</c>). The reference keeps the raw feed entry id and what fields it had;
    /// the consumer parks it in its dead letters and moves its checkpoint past it.
    /// </summary>
    public const string Malformed = "_malformed";
}
