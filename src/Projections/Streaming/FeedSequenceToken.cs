using System.Globalization;
using Orleans.Streams;

namespace RedisEventSourcing.Projections.Streaming;

/// <summary>
/// A position in a partition feed: the feed entry id <c>ms-seq</c>, ordered as Redis orders ids.
/// <see cref="SequenceNumber"/> is the millisecond part and <see cref="EventIndex"/> the sequence
/// part, so Orleans' own comparisons of those two numbers agree with ours (each batch holds one
/// entry; a sequence above <see cref="int.MaxValue"/>, possible only with ids written by hand, is
/// compared exactly here and saturates in <see cref="EventIndex"/>).
/// </summary>
[GenerateSerializer, Immutable]
public sealed class FeedSequenceToken : StreamSequenceToken
{
    public FeedSequenceToken(long milliseconds, long sequence)
    {
        Milliseconds = milliseconds;
        Sequence = sequence;
    }

    [Id(0)] public long Milliseconds { get; private set; }

    [Id(1)] public long Sequence { get; private set; }

    /// <summary>
    /// The position the receiver read this entry after (<c>XREAD</c> from there returned it first),
    /// so no feed entry lies between the two; null when not known. It lets a consumer chain
    /// deliveries into a stretch of the feed without reading it again (see FeedWindow).
    /// </summary>
    [Id(2)] public string? After { get; internal set; }

    public string EntryId => string.Create(CultureInfo.InvariantCulture, $"{Milliseconds}-{Sequence}");

    public override long SequenceNumber { get => Milliseconds; protected set => Milliseconds = value; }

    public override int EventIndex { get => (int)Math.Min(Sequence, int.MaxValue); protected set => Sequence = value; }

    /// <summary>Parses a full stream entry id (<c>1700000000000-3</c>).</summary>
    public static bool TryParse(string? entryId, out FeedSequenceToken token)
    {
        token = null!;
        var dash = entryId?.IndexOf('-') ?? -1;
        if (dash <= 0
            || !long.TryParse(entryId.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            || !long.TryParse(entryId.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var seq))
            return false;
        token = new FeedSequenceToken(ms, seq);
        return true;
    }

    public override int CompareTo(StreamSequenceToken? other) => other switch
    {
        null => 1,
        FeedSequenceToken feed => (Milliseconds, Sequence).CompareTo((feed.Milliseconds, feed.Sequence)),
        _ => (SequenceNumber, EventIndex).CompareTo((other.SequenceNumber, other.EventIndex)),
    };

    public override bool Equals(StreamSequenceToken? other) =>
        other is FeedSequenceToken feed && feed.Milliseconds == Milliseconds && feed.Sequence == Sequence;

    public override bool Equals(object? obj) => obj is StreamSequenceToken token && Equals(token);

    public override int GetHashCode() => HashCode.Combine(Milliseconds, Sequence);

    public override string ToString() => $"[FeedSequenceToken: {EntryId}]";
}
