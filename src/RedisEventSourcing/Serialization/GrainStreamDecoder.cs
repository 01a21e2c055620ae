using RedisEventSourcing.Storage;
using StackExchange.Redis;

namespace RedisEventSourcing.Serialization;

/// <summary>
/// Reads one grain class's stream entries outside the grain (a watcher, a tool) with the grain's own
/// event types, codecs and upcasters, so the reader sees exactly the events the grain folds.
/// Not thread-safe: like the grain's decoder it reuses one payload buffer, so keep one per reader.
/// </summary>
public sealed class GrainStreamDecoder
{
    private readonly EntryDecoder _decoder;

    public GrainStreamDecoder(Type grainType, Type eventBase)
    {
        ArgumentNullException.ThrowIfNull(grainType);
        ArgumentNullException.ThrowIfNull(eventBase);
        Category = RedisStreamsLogViewAdaptorFactory.CategoryOf(grainType);
        _decoder = new EntryDecoder(EventTypeRegistry.For(eventBase, grainType));
    }

    /// <summary>The category in the grain's stream keys (<c>[EventStreamCategory]</c> or the class name).</summary>
    public string Category { get; }

    /// <summary>The key of the stream the grain with <paramref name="id"/> appends to.</summary>
    public string StreamKey(StreamKeys keys, string id) => keys.Stream(Category, id);

    /// <exception cref="EventStreamCorruptException">The entry is not one the grain could fold (the message says why).</exception>
    public RecordedEvent Decode(string streamKey, StreamEntry entry) => _decoder.Decode(streamKey, entry);
}
