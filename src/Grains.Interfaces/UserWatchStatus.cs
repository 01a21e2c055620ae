namespace Grains.Interfaces;

/// <summary>What a <see cref="IUserWatchGrain"/> is doing: tailing for <paramref name="Watches"/> leases, read up to <paramref name="Version"/>.</summary>
[GenerateSerializer, Immutable]
public sealed record UserWatchStatus(
    [property: Id(0)] bool Tailing,
    [property: Id(1)] int Watches,
    [property: Id(2)] int Version,
    [property: Id(3)] string? EntryId);
