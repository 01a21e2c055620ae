namespace Grains.Interfaces;

/// <summary>
/// A user as a read model has it, asked for at least some version (read your writes). When the
/// model did not reach that version in time, <see cref="Stale"/> is true and <see cref="User"/> is
/// what it has (null if it has no such user yet), at <see cref="ModelVersion"/>.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record UserReadResult(
    [property: Id(0)] UserSummary? User,
    [property: Id(1)] int ModelVersion,
    [property: Id(2)] int AskedVersion,
    [property: Id(3)] bool Stale);
