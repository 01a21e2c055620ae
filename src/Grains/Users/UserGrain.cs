using Grains.Interfaces;
using Orleans.EventSourcing;
using Orleans.Providers;
using RedisEventSourcing;
using RedisEventSourcing.Serialization;
using RedisEventSourcing.Storage;

namespace Grains.Users;

/// <summary>
/// One user. Commands validate against the confirmed state, raise their events conditionally at
/// the version they saw, and return once Redis has them; if another writer got there first the
/// command is decided again on the new state, so no rule is checked against a stale view.
/// </summary>
[LogConsistencyProvider(ProviderName = UserGrainConstants.ProviderName)]
[EventStreamCategory("user")]
public sealed class UserGrain : JournaledGrain<UserState, UserEvent>, IUserGrain, IEventLogHost
{
    private const int MaxDecisionAttempts = 20;
    private IEventLog? _log;

    private string UserId => this.GetPrimaryKeyString();

    public void AttachEventLog(IEventLog log) => _log = log;

    public Task<UserView> Create(string name, string? email = null) => Execute(state =>
    {
        UserValidation.Id(UserId);
        var validName = UserValidation.Name(name);
        var validEmail = email is null ? null : UserValidation.Email(email);
        if (state.Exists)
            throw new UserCommandException(UserErrorCode.UserAlreadyExists, $"User '{UserId}' already exists.");
        return validEmail is null
            ? [new UserCreated(UserId, validName)]
            : [new UserCreated(UserId, validName), new EmailUpdated(UserId, validEmail)];
    });

    public Task<UserView> Rename(string name) => Execute(state =>
    {
        var valid = UserValidation.Name(name);
        RequireActive(state);
        return valid == state.Name ? [] : [new NameChanged(UserId, valid)];
    });

    public Task<UserView> ChangeEmail(string email) => Execute(state =>
    {
        var valid = UserValidation.Email(email);
        RequireActive(state);
        return valid == state.Email ? [] : [new EmailUpdated(UserId, valid)];
    });

    public Task<UserView> ChangeAddress(string address) => Execute(state =>
    {
        var valid = UserValidation.Address(address);
        RequireActive(state);
        return valid == state.Address ? [] : [new AddressUpdated(UserId, valid)];
    });

    public Task<UserView> Deactivate(string reason) => Execute(state =>
    {
        var valid = UserValidation.Reason(reason);
        RequireActive(state);
        return [new UserDeactivated(UserId, valid)];
    });

    public Task<UserView> GetState() => Task.FromResult(View());

    protected override void TransitionState(UserState state, UserEvent @event) => state.Apply(@event);

    private async Task<UserView> Execute(Func<UserState, UserEvent[]> decide)
    {
        // A retry of a command whose first attempt did land (e.g. after "outcome unknown") appends nothing.
        if (CommandMetadata.CommandId is { } commandId && _log is not null && _log.TryGetCommand(commandId, out _))
            return View();

        for (var attempt = 1; ; attempt++)
        {
            var events = decide(State);
            if (events.Length == 0) return View();
            try
            {
                if (await RaiseConditionalEvents(events)) return View();
            }
            catch (EventStoreException)
            {
                // The in-memory view may now lag the log; the next call starts from a fresh read.
                DeactivateOnIdle();
                throw;
            }
            if (attempt == MaxDecisionAttempts)
                throw new EventStoreConflictException($"User '{UserId}' kept changing under other writers; the command was decided {attempt} times and not applied.");
        }
    }

    private void RequireActive(UserState state)
    {
        UserValidation.Id(UserId);
        if (!state.Exists)
            throw new UserCommandException(UserErrorCode.UserNotFound, $"User '{UserId}' does not exist.");
        if (state.Deactivated)
            throw new UserCommandException(UserErrorCode.UserDeactivated, $"User '{UserId}' is deactivated ({state.DeactivationReason}); it accepts no more changes.");
    }

    private UserView View() =>
        new(UserId, State.Name, State.Email, State.Address, State.Exists, State.Deactivated, State.DeactivationReason, Version);
}
