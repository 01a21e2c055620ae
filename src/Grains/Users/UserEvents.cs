using RedisEventSourcing.Serialization;

namespace Grains.Users;

// The wire contract (docs/wire-format.md): wire names and fields are promises to every reader of
// the log. Never rename or reorder members; add new ones at the end, and raise Schema with an upcaster.

[GenerateSerializer, Immutable]
public abstract record UserEvent;

[EventType("UserCreated"), GenerateSerializer, Immutable]
public sealed record UserCreated([property: Id(0)] string Id, [property: Id(1)] string Name) : UserEvent;

[EventType("NameChanged"), GenerateSerializer, Immutable]
public sealed record NameChanged([property: Id(0)] string Id, [property: Id(1)] string Name) : UserEvent;

[EventType("EmailUpdated"), GenerateSerializer, Immutable]
public sealed record EmailUpdated([property: Id(0)] string Id, [property: Id(1)] string Email) : UserEvent;

/// <summary>Schema 1 (an older release) called the field <c>address</c>; see <see cref="AddressUpdatedSchema1Upcaster"/>.</summary>
[EventType("AddressUpdated", Schema = 2), GenerateSerializer, Immutable]
public sealed record AddressUpdated([property: Id(0)] string Id, [property: Id(1)] string NewAddress) : UserEvent;

[EventType("UserDeactivated"), GenerateSerializer, Immutable]
public sealed record UserDeactivated([property: Id(0)] string Id, [property: Id(1)] string Reason) : UserEvent;
