using Grains.Interfaces;

namespace Users.Http.Live;

/// <summary>
/// One item of <c>GET /users/{id}/events/live</c>, shaped like a history entry so the page renders
/// both with the same code. <see cref="Kind"/> is <c>Event</c>, <c>Cleared</c> or <c>Malformed</c>.
/// </summary>
public sealed record UserLiveEvent(
    string Kind,
    int Version,
    string EntryId,
    DateTimeOffset Timestamp,
    string? Type,
    IReadOnlyDictionary<string, string> Payload,
    IReadOnlyDictionary<string, string> Metadata,
    string? Problem)
{
    public static UserLiveEvent From(UserWatchItem item) =>
        new(item.Kind.ToString(), item.Version, item.EntryId, item.Timestamp, item.Type, item.Payload, item.Metadata, item.Problem);
}
