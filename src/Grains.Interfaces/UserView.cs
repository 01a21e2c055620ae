namespace Grains.Interfaces;

/// <summary>A user's state as the log folds it, at <see cref="Version"/> (0 = never created).</summary>
[GenerateSerializer, Immutable]
public sealed record UserView(
    [property: Id(0)] string Id,
    [property: Id(1)] string? Name,
    [property: Id(2)] string? Email,
    [property: Id(3)] string? Address,
    [property: Id(4)] bool Exists,
    [property: Id(5)] bool Deactivated,
    [property: Id(6)] string? DeactivationReason,
    [property: Id(7)] int Version);
