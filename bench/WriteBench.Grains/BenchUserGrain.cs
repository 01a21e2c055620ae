using Grains.Interfaces;
using Grains.Users;
using Orleans.EventSourcing;

namespace WriteBench.Grains;

/// <summary>
/// A bench copy of <c>UserGrain</c>'s command logic (validation is reduced to the rules the workload
/// exercises): decide on the confirmed state, raise conditionally, retry on conflict, return once confirmed.
/// </summary>
public abstract class BenchUserGrain : JournaledGrain<UserState, UserEvent>, IBenchUserGrain
{
    private const int MaxDecisionAttempts = 20;

    private string UserId => this.GetPrimaryKeyString();

    public Task<int> Create(string name, string? email = null) => Execute(state =>
    {
        if (state.Exists)
            throw new UserCommandException(UserErrorCode.UserAlreadyExists, $"User '{UserId}' already exists.");
        return email is null
            ? [new UserCreated(UserId, Text(name))]
            : [new UserCreated(UserId, Text(name)), new EmailUpdated(UserId, Text(email))];
    });

    public Task<int> Rename(string name) => Execute(state =>
    {
        RequireActive(state);
        return name == state.Name ? [] : [new NameChanged(UserId, Text(name))];
    });

    public Task<int> ChangeEmail(string email) => Execute(state =>
    {
        RequireActive(state);
        return email == state.Email ? [] : [new EmailUpdated(UserId, Text(email))];
    });

    public Task<int> ChangeAddress(string address) => Execute(state =>
    {
        RequireActive(state);
        return address == state.Address ? [] : [new AddressUpdated(UserId, Text(address))];
    });

    public async Task<int> Seed(string name, int count)
    {
        var events = new List<UserEvent>(count);
        if (!State.Exists) events.Add(new UserCreated(UserId, name));
        for (var i = events.Count; i < count; i++) events.Add(new NameChanged(UserId, $"{name} #{i}"));
        RaiseEvents(events);
        await ConfirmEvents();
        return Version;
    }

    protected override void TransitionState(UserState state, UserEvent @event) => state.Apply(@event);

    private async Task<int> Execute(Func<UserState, UserEvent[]> decide)
    {
        for (var attempt = 1; ; attempt++)
        {
            var events = decide(State);
            if (events.Length == 0 || await RaiseConditionalEvents(events)) return Version;
            if (attempt == MaxDecisionAttempts)
                throw new InvalidOperationException($"User '{UserId}' kept changing under other writers.");
        }
    }

    private void RequireActive(UserState state)
    {
        if (!state.Exists)
            throw new UserCommandException(UserErrorCode.UserNotFound, $"User '{UserId}' does not exist.");
        if (state.Deactivated)
            throw new UserCommandException(UserErrorCode.UserDeactivated, $"User '{UserId}' is deactivated.");
    }

    private static string Text(string value)
    {
        var trimmed = value.Trim();
        if (trimmed.Length is 0 or > 500 || trimmed.Any(char.IsControl))
            throw new UserCommandException(UserErrorCode.InvalidName, "A text field must be 1 to 500 characters without control characters.");
        return trimmed;
    }
}
