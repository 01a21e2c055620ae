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
    private const int MaxHistoryPage = 1000;
    private IEventLog<UserState>? _log;

    private string UserId => this.GetPrimaryKeyString();

    public void AttachEventLog(IEventLog log) => _log = (IEventLog<UserState>)log;

    private IEventLog<UserState> Log => _log ?? throw new InvalidOperationException("The user grain needs the Redis Streams log-consistency provider.");

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

    public async Task<IReadOnlyList<UserHistoryEntry>> GetHistory(int fromVersion = 1, int maxCount = 100)
    {
        if (fromVersion < 1)
            throw new UserCommandException(UserErrorCode.InvalidPaging, $"History starts at version 1; {fromVersion} is not a version.");
        if (maxCount is < 1 or > MaxHistoryPage)
            throw new UserCommandException(UserErrorCode.InvalidPaging, $"A history page holds 1 to {MaxHistoryPage} events; {maxCount} was asked.");
        var events = await Log.ReadAsync(fromVersion - 1, maxCount);
        return events.Select(UserHistory.Entry).ToList();
    }

    public async Task<UserView> GetStateAtVersion(int version)
    {
        if (version < 0 || version > Version)
            throw new UserCommandException(UserErrorCode.InvalidVersion,
                $"User '{UserId}' has versions 0 to {Version}; there is no version {version}.");
        var (state, reached) = await Log.ReadStateAtVersionAsync(version);
        return View(state, reached);
    }

    public async Task<UserView> GetStateAsOf(DateTimeOffset instant)
    {
        var (state, reached) = await Log.ReadStateAsOfAsync(instant);
        return View(state, reached);
    }

    protected override void TransitionState(UserState state, UserEvent @event) => state.Apply(@event);

    private async Task<UserView> Execute(Func<UserState, UserEvent[]> decide)
    {
        // A retry of a command whose first attempt did land (e.g. after "outcome unknown") appends nothing.
        if (CommandMetadata.CommandId is { } commandId && Log.TryGetCommand(commandId, out _))
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

    private UserView View() => View(State, Version);

    private UserView View(UserState state, int version) =>
        new(UserId, state.Name, state.Email, state.Address, state.Exists, state.Deactivated, state.DeactivationReason, version);
}
