using Grains.Users;

namespace WriteBench.Targets;

/// <summary>The user aggregate for Marten: the same events, folded by the same <see cref="UserState.Apply"/>, kept as an inline snapshot.</summary>
public sealed class MartenUser
{
    public string Id { get; set; } = "";
    public string? Name { get; set; }
    public string? Email { get; set; }
    public string? Address { get; set; }
    public bool Exists { get; set; }
    public bool Deactivated { get; set; }

    public void Apply(UserCreated e) => Fold(e);

    public void Apply(NameChanged e) => Fold(e);

    public void Apply(EmailUpdated e) => Fold(e);

    public void Apply(AddressUpdated e) => Fold(e);

    public void Apply(UserDeactivated e) => Fold(e);

    private void Fold(UserEvent e)
    {
        var state = new UserState { Id = Id, Name = Name, Email = Email, Address = Address, Exists = Exists, Deactivated = Deactivated };
        state.Apply(e);
        (Name, Email, Address, Exists, Deactivated) = (state.Name, state.Email, state.Address, state.Exists, state.Deactivated);
        if (state.Id is { } id) Id = id;
    }
}
