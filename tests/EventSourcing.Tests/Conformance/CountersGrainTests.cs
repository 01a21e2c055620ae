// Conformance tests after dotnet/orleans test/Orleans.EventSourcing.Tests/EventSourcingTests/CountersGrainTests.cs
// and CountersGrainPerfTests.cs (Copyright (c) .NET Foundation, MIT). Rewritten for this project: the
// perf variants (reentrant or not, confirming each update or at the end) run as correctness tests,
// with 100 instead of 400 increments and no timing; Orleans' StateStorage variants are left out.
using EventSourcing.Tests.Conformance.Grains;

namespace EventSourcing.Tests.Conformance;

[Collection(ConformanceCollection.Name)]
public sealed class CountersGrainTests(ConformanceFixture fixture)
{
    private static readonly string[] Keys = ["a", "b", "c", "d", "e", "f", "g", "h"];

    public static TheoryData<string, bool, bool> Variants()
    {
        var data = new TheoryData<string, bool, bool>();
        foreach (var provider in Providers.All)
            foreach (var reentrant in new[] { false, true })
                foreach (var confirmEach in new[] { true, false })
                    data.Add(provider, reentrant, confirmEach);
        return data;
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task unconfirmed_updates_show_in_the_tentative_state_and_a_confirmed_reset_clears_it(string provider)
    {
        var grain = NewGrain(provider, reentrant: false);
        Assert.Empty(await grain.GetTentativeState());

        await grain.Add("Alice", 1, false);
        await grain.Add("Alice", 1, false);
        await grain.Add("Alice", 1, false);
        Assert.Equal(3, await grain.GetTentativeCount("Alice"));

        await grain.Reset(true);
        Assert.Empty(await grain.GetTentativeState());
        Assert.Empty(await grain.GetConfirmedState());
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task concurrent_increments_all_reach_the_tentative_and_then_the_confirmed_state(string provider) =>
        await ConcurrentIncrements(NewGrain(provider, reentrant: false), 50, confirmEach: false);

    [Theory, MemberData(nameof(Variants))]
    public async Task concurrent_increments_add_up_with_or_without_reentrancy_confirming_each_or_at_the_end(string provider, bool reentrant, bool confirmEach) =>
        await ConcurrentIncrements(NewGrain(provider, reentrant), 100, confirmEach);

    private ICountersGrain NewGrain(string provider, bool reentrant) =>
        fixture.Grains.GetGrain<ICountersGrain>(Random.Shared.NextInt64(),
            reentrant ? Providers.GrainClass<ReentrantCountersGrain>(provider) : Providers.GrainClass<CountersGrain>(provider));

    private static async Task ConcurrentIncrements(ICountersGrain grain, int count, bool confirmEach)
    {
        await Task.WhenAll(Enumerable.Range(0, count).Select(_ => grain.Add(Keys[Random.Shared.Next(Keys.Length)], 1, confirmEach)));
        Assert.Equal(count, (await grain.GetTentativeState()).Values.Sum());

        if (!confirmEach) await grain.ConfirmAllPreviouslyRaisedEvents();
        Assert.Equal(count, (await grain.GetConfirmedState()).Values.Sum());

        await grain.Reset(true);
        Assert.Empty(await grain.GetConfirmedState());
    }
}
