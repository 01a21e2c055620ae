using Grains;
using Orleans.EventSourcing;
using Orleans.Providers;

namespace EventSourcing.Tests.Provider.TestGrains;

// A grain that raises plain, undecorated classes (JournaledGrain<TState, object>): each is
// written under its class name, and found again by that name when the grain only reads.

public interface ILedgerGrain : IGrainWithStringKey
{
    Task Deposit(decimal amount, string? memo);
    Task Withdraw(decimal amount);
    Task<(decimal Balance, int Version)> Get();
}

public sealed class Deposited
{
    public decimal Amount { get; set; }
    public string? Memo { get; set; }
}

public sealed record Withdrawn(decimal Amount);

[GenerateSerializer]
public sealed class LedgerState
{
    [Id(0)] public decimal Balance { get; set; }
}

[LogConsistencyProvider(ProviderName = UserGrainConstants.ProviderName)]
public sealed class LedgerGrain : JournaledGrain<LedgerState, object>, ILedgerGrain
{
    public async Task Deposit(decimal amount, string? memo)
    {
        RaiseEvent(new Deposited { Amount = amount, Memo = memo });
        await ConfirmEvents();
    }

    public async Task Withdraw(decimal amount)
    {
        RaiseEvent(new Withdrawn(amount));
        await ConfirmEvents();
    }

    public Task<(decimal Balance, int Version)> Get() => Task.FromResult((State.Balance, Version));

    protected override void TransitionState(LedgerState state, object @event)
    {
        state.Balance += @event switch
        {
            Deposited d => d.Amount,
            Withdrawn w => -w.Amount,
            _ => throw new InvalidOperationException($"LedgerState has no rule for {@event.GetType().Name}."),
        };
    }
}
