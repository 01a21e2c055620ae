using System.Diagnostics;

namespace RedisEventSourcing.Storage;

/// <summary>One stream's batch for the append script: all of it lands, or none.</summary>
/// <param name="FeedKey">The feed of the stream's partition, which gets a reference to each event.</param>
/// <param name="ExpectedVersion">The version the writer holds; the batch's events carry the next ones.</param>
/// <param name="ExpectedLastEntryId">
/// Id of the entry that carries <paramref name="ExpectedVersion"/> (null = none seen): the batch
/// lands only if no entry follows it. Without one, the last entry's <c>_version</c> is compared.
/// </param>
/// <param name="Events">Each event's flat field list (name, value, ...), <c>type</c> first.</param>
/// <param name="VerifyLastEntry">
/// The writer did not write its last entry itself: the script checks the feed refers to it, and
/// writes a <c>_resync</c> marker first if not (another program's plain <c>XADD</c>).
/// </param>
internal sealed record AppendRequest(
    string StreamKey,
    string FeedKey,
    int ExpectedVersion,
    string? ExpectedLastEntryId,
    IReadOnlyList<List<KeyValuePair<string, string>>> Events,
    long DeadlineServerMs,
    bool VerifyLastEntry = false)
{
    /// <summary>The grain's <c>es.append</c> span, when traced: the script call's span for this request is its child.</summary>
    public ActivityContext Trace { get; init; }
}
