using Grains.Interfaces;

namespace Users.Http.Queries;

/// <summary>
/// One page of a user's events, oldest first. <see cref="Version"/> is the user's current version,
/// so a client knows how far the log goes; <see cref="Next"/> is the <c>from</c> of the next page
/// (null at the end).
/// </summary>
public sealed record UserHistoryPage(string Id, int Version, int From, int? Next, IReadOnlyList<UserHistoryEntry> Events);
