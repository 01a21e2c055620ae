using RedisEventSourcing.Serialization;

namespace RedisEventSourcing.Projections;

/// <summary>
/// A feed reference resolved to its event: what a projection applies. For a marker
/// (<see cref="FeedMarkers"/>) <see cref="Event"/> and <see cref="Metadata"/> are null.
/// </summary>
/// <param name="Category">The aggregate category of the stream key (<c>user</c>).</param>
/// <param name="AggregateId">The aggregate id of the stream key (the user id).</param>
public sealed record FeedEvent(
    FeedReference Reference,
    string Category,
    string AggregateId,
    object? Event,
    EventMetadata? Metadata)
{
    public bool IsCleared => Reference.Type == FeedMarkers.Cleared;
}
