using Grains.Users;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace ReadBench;

/// <summary>
/// The projection Marten's async daemon rebuilds: the same fold as our users read models (create,
/// rename, email, address, deactivate; version = the stream version of the last event), as a Marten
/// user writes a <see cref="SingleStreamProjection{TDoc,TId}"/>.
/// </summary>
public sealed class MartenUserDocProjection : SingleStreamProjection<MartenUserDoc, string>
{
    public MartenUserDoc Create(IEvent<UserCreated> e) => new() { Id = e.StreamKey!, Name = e.Data.Name, Version = (int)e.Version };

    public void Apply(IEvent<NameChanged> e, MartenUserDoc doc) => (doc.Name, doc.Version) = (e.Data.Name, (int)e.Version);

    public void Apply(IEvent<EmailUpdated> e, MartenUserDoc doc) => (doc.Email, doc.Version) = (e.Data.Email, (int)e.Version);

    public void Apply(IEvent<AddressUpdated> e, MartenUserDoc doc) => (doc.Address, doc.Version) = (e.Data.NewAddress, (int)e.Version);

    public void Apply(IEvent<UserDeactivated> e, MartenUserDoc doc) => (doc.Deactivated, doc.Version) = (true, (int)e.Version);
}
