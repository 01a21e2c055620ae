using RedisEventSourcing.Serialization;

namespace Grains.Users;

/// <summary>
/// A user as the log folds it. <see cref="Apply"/> is the one reducer: activation, time travel and
/// replay all go through it.
/// </summary>
[GenerateSerializer, StateSchema(1)]
public sealed class UserState
{
    [Id(0)] public string? Id { get; set; }
    [Id(1)] public string? Name { get; set; }
    [Id(2)] public string? Email { get; set; }
    [Id(3)] public string? Address { get; set; }
    [Id(4)] public bool Exists { get; set; }
    [Id(5)] public bool Deactivated { get; set; }
    [Id(6)] public string? DeactivationReason { get; set; }

    public void Apply(UserEvent @event)
    {
        switch (@event)
        {
            case UserCreated e:
                Id = e.Id;
                Name = e.Name;
                Exists = true;
                break;
            case NameChanged e:
                Name = e.Name;
                break;
            case EmailUpdated e:
                Email = e.Email;
                break;
            case AddressUpdated e:
                Address = e.NewAddress;
                break;
            case UserDeactivated e:
                Deactivated = true;
                DeactivationReason = e.Reason;
                break;
            default:
                throw new InvalidOperationException($"UserState has no rule for {@event.GetType().Name}.");
        }
    }
}
