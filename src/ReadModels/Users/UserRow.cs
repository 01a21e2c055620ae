namespace ReadModels.Users;

/// <summary>One user as the read models hold it: the fold of the user's events up to <see cref="Version"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record UserRow(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string? Email,
    [property: Id(3)] string? Address,
    [property: Id(4)] bool Deactivated,
    [property: Id(5)] string? DeactivationReason,
    [property: Id(6)] int Version,
    [property: Id(7)] DateTimeOffset UpdatedAt);
