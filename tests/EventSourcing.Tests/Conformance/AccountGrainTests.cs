// Conformance tests after dotnet/orleans test/Orleans.EventSourcing.Tests/EventSourcingTests/AccountGrainTests.cs
// (Copyright (c) .NET Foundation, MIT). Rewritten for this project. Upstream skips AccountWithLog as flaky
// (dotnet/orleans#5605: equal IssueTimes under a coarse Windows clock); here it runs, on both providers.
using EventSourcing.Tests.Conformance.Grains;

namespace EventSourcing.Tests.Conformance;

[Collection(ConformanceCollection.Name)]
public sealed class AccountGrainTests(ConformanceFixture fixture)
{
    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task an_account_takes_deposits_refuses_an_overdraft_and_logs_each_accepted_transaction(string provider)
    {
        var account = fixture.Grains.GetGrain<IAccountGrain>($"Account-{Guid.NewGuid()}", Providers.GrainClass<AccountGrain>(provider));
        Assert.Equal(0u, await account.Balance());

        var deposit = Guid.NewGuid();
        await account.Deposit(100, deposit, "initial deposit");
        Assert.Equal(100u, await account.Balance());

        var firstWithdrawal = Guid.NewGuid();
        Assert.True(await account.Withdraw(70, firstWithdrawal, "first withdrawal"));
        Assert.Equal(30u, await account.Balance());

        Assert.False(await account.Withdraw(70, Guid.NewGuid(), "second withdrawal"));
        Assert.Equal(30u, await account.Balance());

        var log = await account.GetTransactionLog();
        Assert.Equal(2, log.Count);
        Assert.Equal(deposit, log[0].Guid);
        Assert.Equal("initial deposit", log[0].Description);
        Assert.Equal(100u, Assert.IsType<DepositTransaction>(log[0]).DepositAmount);
        Assert.Equal(firstWithdrawal, log[1].Guid);
        Assert.Equal("first withdrawal", log[1].Description);
        Assert.Equal(70u, Assert.IsType<WithdrawalTransaction>(log[1]).WithdrawalAmount);
        Assert.True(log[0].IssueTime < log[1].IssueTime);
    }
}
