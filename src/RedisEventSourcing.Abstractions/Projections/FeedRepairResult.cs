namespace RedisEventSourcing.Projections;

/// <summary>What <c>projections repair-feed</c> found and did.</summary>
/// <param name="StreamsScanned">Aggregate streams read, in the partitions repaired.</param>
/// <param name="EntriesChecked">Their entries, each looked for in the feed.</param>
/// <param name="EntriesOlderThanFeed">
/// Entries older than the oldest entry the feed still holds (it is trimmed, <c>MAXLEN ~</c>): their
/// references may have been trimmed with it, so they cannot be checked and are taken as referenced.
/// </param>
/// <param name="StreamsRepaired">Streams that got a <c>_resync</c> marker: some entry had no reference.</param>
/// <param name="RepairedStreams">Their keys, the first <see cref="FeedRepairResult.MaxKeysListed"/>.</param>
/// <param name="StreamsMoved">Streams with an unreferenced entry that moved on while being repaired; a later run checks them again.</param>
[GenerateSerializer, Immutable]
public sealed record FeedRepairResult(
    [property: Id(0)] int Partitions,
    [property: Id(1)] int StreamsScanned,
    [property: Id(2)] long EntriesChecked,
    [property: Id(3)] long EntriesOlderThanFeed,
    [property: Id(4)] int StreamsRepaired,
    [property: Id(5)] IReadOnlyList<string> RepairedStreams,
    [property: Id(6)] int StreamsMoved)
{
    public const int MaxKeysListed = 100;
}
