using Grains.Interfaces;

namespace Users.Http.Queries;

/// <summary>What each read model holds for one user, beside the log's version, to watch them catch up.</summary>
/// <param name="Version">The user's version in the log (the grain's).</param>
public sealed record UserReadModelsView(string Id, int Version, IReadOnlyList<UserReadModelEntry> Models);

/// <summary>One copy of one read model: its row for the user (null: none yet) and the version that row is at (0: none).</summary>
/// <param name="Role"><c>live</c> (what queries read), or a blue/green rebuild: <c>building</c>, <c>following</c>.</param>
public sealed record UserReadModelEntry(string Projection, string Copy, string Role, int Version, UserSummary? User);
