using System.Runtime.CompilerServices;
using Grains.Interfaces;
using Microsoft.Extensions.Logging;
using Orleans.EventSourcing;
using Orleans.Providers;
using RedisEventSourcing;
using RedisEventSourcing.Serialization;
using RedisEventSourcing.Storage;

namespace Grains.Users;

/// <summary>
/// One user. Commands validate their arguments, check the rules against the confirmed state,
/// raise their events conditionally at the version they saw, and return once Redis has them; if
/// another writer got there first the command is decided again on the new state, so no rule is
/// checked against a stale view.
/// </summary>
[LogConsistencyProvider(ProviderName = UserGrainConstants.ProviderName)]
[EventStreamCategory("user")]
public sealed class UserGrain(ILogger<UserGrain> logger) : JournaledGrain<UserState, UserEvent>, IUserGrain, IEventLogHost
{
    private const int MaxDecisionAttempts = 20;
    private const int MaxHistoryPage = 1000;
    private IEventLog<UserState>? _log;

    private string UserId => this.GetPrimaryKeyString();

    public void AttachEventLog(IEventLog log) => _log = (IEventLog<UserState>)log;

    private IEventLog<UserState> Log => _log ?? throw new InvalidOperationException("The user grain needs the Redis Streams log-consistency provider.");

    public Task<UserView> Create(string name, string? email = null, string? address = null) => Execute(() =>
    {
        UserValidation.Id(UserId);
        var validName = UserValidation.Name(name);
        var validEmail = email is null ? null : UserValidation.Email(email);
        var validAddress = address is null ? null : UserValidation.Address(address);
        // One batch, so a reader never sees the user without the email or address it was created with.
        List<UserEvent> events = [new UserCreated(UserId, validName)];
        if (validEmail is not null) events.Add(new EmailUpdated(UserId, validEmail));
        if (validAddress is not null) events.Add(new AddressUpdated(UserId, validAddress));
        return new([.. events], state => state.Exists
            ? throw new UserCommandException(UserErrorCode.UserAlreadyExists, $"User '{UserId}' already exists.")
            : true);
    });

    public Task<UserView> Rename(string name) => Execute(() =>
    {
        var valid = UserValidation.Name(name);
        return new([new NameChanged(UserId, valid)], state => RequireActive(state) && valid != state.Name);
    });

    public Task<UserView> ChangeEmail(string email) => Execute(() =>
    {
        var valid = UserValidation.Email(email);
        return new([new EmailUpdated(UserId, valid)], state => RequireActive(state) && valid != state.Email);
    });

    public Task<UserView> ChangeAddress(string address) => Execute(() =>
    {
        var valid = UserValidation.Address(address);
        return new([new AddressUpdated(UserId, valid)], state => RequireActive(state) && valid != state.Address);
    });

    public Task<UserView> Deactivate(string reason) => Execute(() =>
    {
        var valid = UserValidation.Reason(reason);
        return new([new UserDeactivated(UserId, valid)], RequireActive);
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
        // The refusal below quotes the id: only a valid one (bounded, one line).
        UserValidation.Id(UserId);
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

    /// <summary>
    /// Runs one command: its events follow from its arguments alone, and the rule says, against a
    /// state, whether they apply (true), are a no-op (false), or break a business rule (throws).
    /// </summary>
    private async Task<UserView> Execute(Func<UserDecision> command, [CallerMemberName] string name = "")
    {
        var decision = command();
        var commandId = CommandMetadata.CommandId;
        var correlationId = CommandMetadata.CorrelationId;
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                // Asked on every attempt: after a conflict, the other writer may be this command's
                // first attempt landing (a retry after "outcome unknown" or a failover).
                if (commandId is not null && await AlreadyApplied(commandId, decision.Events))
                {
                    logger.AlreadyApplied(UserId, name, Version, commandId, correlationId);
                    return View();
                }
                if (!decision.AppliesTo(State))
                {
                    logger.NoChange(UserId, name, Version, commandId, correlationId);
                    return View();
                }
                if (await RaiseConditionalEvents(decision.Events))
                {
                    logger.Applied(UserId, name, decision.Events.Length, Version, commandId, correlationId);
                    return View();
                }
                logger.Conflicted(UserId, name, Version, attempt, commandId, correlationId);
                if (attempt == MaxDecisionAttempts)
                    throw new EventStoreConflictException($"User '{UserId}' kept changing under other writers; the command was decided {attempt} times and not applied.");
            }
        }
        catch (EventStoreException e)
        {
            if (e is EventStoreConflictException) logger.GaveUp(UserId, name, Version, commandId, correlationId);
            else logger.StoreFailed(UserId, name, Version, e.GetType().Name, commandId, correlationId);
            // The in-memory view may now lag the log; the next call starts from a fresh read.
            DeactivateOnIdle();
            throw;
        }
    }

    /// <summary>
    /// A retry of a command that landed appends nothing. Its id alone does not say so: a calling
    /// grain may pass one id on to several calls, so the events recorded under the id must be the
    /// ones this call would raise.
    /// </summary>
    private async Task<bool> AlreadyApplied(string commandId, UserEvent[] events)
    {
        if (!Log.TryGetCommand(commandId, out _)) return false;
        var recorded = (await Log.ReadCommandAsync(commandId)).Select(r => r.Event).ToList();
        return events.All(recorded.Contains);
    }

    private bool RequireActive(UserState state)
    {
        UserValidation.Id(UserId);
        if (!state.Exists)
            throw new UserCommandException(UserErrorCode.UserNotFound, $"User '{UserId}' does not exist.");
        if (state.Deactivated)
            throw new UserCommandException(UserErrorCode.UserDeactivated, $"User '{UserId}' is deactivated ({UserValidation.Quote(state.DeactivationReason ?? "")}); it accepts no more changes.");
        return true;
    }

    private UserView View() => View(State, Version);

    private UserView View(UserState state, int version) =>
        new(UserId, state.Name, state.Email, state.Address, state.Exists, state.Deactivated, state.DeactivationReason, version);
}
