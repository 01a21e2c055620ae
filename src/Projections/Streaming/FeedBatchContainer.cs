using Orleans.Runtime;
using Orleans.Streams;

namespace RedisEventSourcing.Projections.Streaming;

/// <summary>
/// One feed entry as Orleans carries it from the pulling agent to a consumer: one reference per
/// batch, so the batch's token is the entry's own position and a consumer can resume exactly there.
/// </summary>
[GenerateSerializer, Immutable]
public sealed class FeedBatchContainer(StreamId streamId, FeedReference reference, FeedSequenceToken token) : IBatchContainer
{
    [Id(0)] public StreamId StreamId { get; } = streamId;

    [Id(1)] public FeedReference Reference { get; } = reference;

    [Id(2)] public FeedSequenceToken Token { get; } = token;

    public StreamSequenceToken SequenceToken => Token;

    public IEnumerable<Tuple<T, StreamSequenceToken>> GetEvents<T>() =>
        Reference is T item ? [Tuple.Create<T, StreamSequenceToken>(item, Token)] : [];

    // The append script records no request context; there is nothing to bring along.
    public bool ImportRequestContext() => false;

    public override string ToString() => $"[FeedBatchContainer: {StreamId} {Token.EntryId} {Reference.Type}]";
}
