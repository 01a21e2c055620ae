namespace Grains.Interfaces;

/// <summary>A user as a read model shows it (not the grain's log): what queries answer.</summary>
[GenerateSerializer, Immutable]
public sealed record UserSummary(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string? Email,
    [property: Id(3)] string? Address,
    [property: Id(4)] bool Deactivated,
    [property: Id(5)] int Version,
    [property: Id(6)] DateTimeOffset UpdatedAt);
