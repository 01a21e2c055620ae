using EventSourcing.Tests.Conformance.Grains;
using EventSourcing.Tests.Infrastructure;

namespace EventSourcing.Tests.Conformance;

/// <summary>
/// What Orleans' event-sourcing tests do not cover: a grain's state, version and events survive
/// its deactivation and a move to another silo (stopped or killed), and appends continue at the
/// next version.
/// </summary>
[Collection(TwoSiloConformanceCollection.Name)]
public sealed class SurvivalTests(TwoSiloConformanceFixture fixture)
{
    public static TheoryData<string, GrainLoss> Losses()
    {
        var data = new TheoryData<string, GrainLoss>();
        foreach (var provider in Providers.All)
            foreach (var loss in Enum.GetValues<GrainLoss>())
                data.Add(provider, loss);
        return data;
    }

    [Theory, MemberData(nameof(Losses))]
    public async Task an_account_keeps_balance_version_and_transactions_after_losing_its_activation_and_appends_after_them(string provider, GrainLoss loss)
    {
        var (account, silo) = await fixture.OnASecondarySiloAsync(
            () => fixture.Grains.GetGrain<IAccountGrain>($"Account-{Guid.NewGuid()}", Providers.GrainClass<AccountGrain>(provider)),
            a => a.Balance());
        var deposit = Guid.NewGuid();
        var withdrawal = Guid.NewGuid();
        await account.Deposit(100, deposit, "deposit");
        Assert.True(await account.Withdraw(30, withdrawal, "withdrawal"));

        await fixture.LoseAsync(silo, loss);
        try
        {
            // A killed silo's grains answer again once the cluster has declared it dead.
            Assert.Equal(70u, await Eventually.SucceedsAsync(() => account.Balance(), TimeSpan.FromSeconds(60), "the account answering again"));
            if (loss != GrainLoss.Deactivation)
                Assert.NotEqual(silo.SiloAddress, await fixture.Management.GetActivationAddress(account));
            Assert.Equal(2, await account.GetConfirmedVersion());
            Assert.Equal([deposit, withdrawal], (await account.GetTransactionLog()).Select(t => t.Guid));

            var later = Guid.NewGuid();
            await account.Deposit(5, later, "after the loss");
            Assert.Equal(75u, await account.Balance());
            Assert.Equal(3, await account.GetConfirmedVersion());
            var log = await account.GetTransactionLog();
            Assert.Equal([deposit, withdrawal, later], log.Select(t => t.Guid));
            Assert.Equal(["deposit", "withdrawal", "after the loss"], log.Select(t => t.Description));
        }
        finally
        {
            await fixture.RestoreAsync();
        }
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task a_log_test_grain_keeps_its_numbers_version_and_events_after_deactivation_and_appends_after_them(string provider)
    {
        var grain = fixture.Grains.GetGrain<ILogTestGrain>(Random.Shared.NextInt64(), Providers.GrainClass<LogTestGrain>(provider));
        await grain.SetAGlobal(5);
        await grain.IncrementAGlobal();
        await grain.SetBGlobal(9);

        await grain.Deactivate();

        Assert.Equal(new AB { A = 6, B = 9 }, await grain.GetBothGlobal());
        Assert.Equal(3, await grain.GetConfirmedVersion());
        var log = await grain.GetEventLog();
        Assert.Equal([typeof(UpdateA), typeof(IncrementA), typeof(UpdateB)], log.Select(e => e.GetType()));
        Assert.Equal(5, ((UpdateA)log[0]).Val);
        Assert.Equal(9, ((UpdateB)log[2]).Val);

        await grain.SetAGlobal(1);
        Assert.Equal(new AB { A = 1, B = 9 }, await grain.GetBothGlobal());
        Assert.Equal(4, await grain.GetConfirmedVersion());
        Assert.Equal(4, (await grain.GetEventLog()).Count);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task chat_posts_raised_without_confirmation_are_there_after_deactivation(string provider)
    {
        var chat = fixture.Grains.GetGrain<IChatGrain>($"Chatroom-{Guid.NewGuid()}", Providers.GrainClass<ChatGrain>(provider));
        var edited = Guid.NewGuid();
        await chat.Post(Guid.NewGuid(), "a", "first");
        await chat.Post(edited, "b", "second");
        await chat.Edit(edited, "second, edited");
        var before = (await chat.GetChat()).ToString();

        await fixture.Management.ForceActivationCollection(TimeSpan.Zero);

        var after = await chat.GetChat();
        Assert.Equal(before, after.ToString());
        Assert.Equal(["first", "second, edited"], after.GetPostsContainer().Elements("post").Select(p => p.Element("text")!.Value));
    }
}
