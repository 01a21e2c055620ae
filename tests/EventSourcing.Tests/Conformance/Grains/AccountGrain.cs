// Conformance scenario after dotnet/orleans test/Grains/TestGrains/EventSourcing/AccountGrain.cs and
// test/Grains/TestGrainInterfaces/EventSourcing/IAccountGrain.cs (Copyright (c) .NET Foundation, MIT).
// Rewritten for this project: one variant per provider; GetConfirmedVersion added for the move tests.
using Orleans.EventSourcing;
using Orleans.Providers;
using RedisEventSourcing.Serialization;

namespace EventSourcing.Tests.Conformance.Grains;

/// <summary>A bank account: deposits are confirmed at once, withdrawals are conditional events.</summary>
public interface IAccountGrain : IGrainWithStringKey
{
    Task<uint> Balance();
    Task Deposit(uint amount, Guid guid, string description);
    Task<bool> Withdraw(uint amount, Guid guid, string description);
    Task<IReadOnlyList<Transaction>> GetTransactionLog();
    Task<int> GetConfirmedVersion();
}

public abstract class AccountGrain : JournaledGrain<AccountGrain.GrainState, Transaction>, IAccountGrain
{
    [GenerateSerializer]
    public sealed class GrainState
    {
        [Id(0)] public uint Balance { get; set; }

        public void Apply(DepositTransaction deposit) => Balance += deposit.DepositAmount;

        public void Apply(WithdrawalTransaction withdrawal)
        {
            // Withdrawals are conditional on the version they were checked at, so this never happens.
            if (withdrawal.WithdrawalAmount > Balance) throw new InvalidOperationException("overdrawn");
            Balance -= withdrawal.WithdrawalAmount;
        }
    }

    public Task<uint> Balance() => Task.FromResult(State.Balance);

    public Task Deposit(uint amount, Guid guid, string description)
    {
        RaiseEvent(new DepositTransaction { Guid = guid, Description = description, IssueTime = DateTime.UtcNow, DepositAmount = amount });
        return ConfirmEvents();
    }

    public Task<bool> Withdraw(uint amount, Guid guid, string description) =>
        State.Balance < amount
            ? Task.FromResult(false)
            : RaiseConditionalEvent(new WithdrawalTransaction { Guid = guid, Description = description, IssueTime = DateTime.UtcNow, WithdrawalAmount = amount });

    public Task<IReadOnlyList<Transaction>> GetTransactionLog() => RetrieveConfirmedEvents(0, Version);

    public Task<int> GetConfirmedVersion() => Task.FromResult(Version);
}

[LogConsistencyProvider(ProviderName = Providers.RedisStreams), EventStreamCategory("account")]
public sealed class AccountGrainOnRedisStreams : AccountGrain;

[LogConsistencyProvider(ProviderName = Providers.LogStorage)]
public sealed class AccountGrainOnLogStorage : AccountGrain;
