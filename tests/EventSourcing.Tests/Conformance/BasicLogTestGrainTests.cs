// Conformance tests after dotnet/orleans test/Orleans.Runtime.Internal.Tests/GeoClusterTests/BasicLogTestGrainTests.cs
// (Copyright (c) .NET Foundation, MIT). Rewritten for this project: 30 parallel phases instead of 100.
using EventSourcing.Tests.Conformance.Grains;

namespace EventSourcing.Tests.Conformance;

[Collection(ConformanceCollection.Name)]
public sealed class BasicLogTestGrainTests(ConformanceFixture fixture)
{
    private const int Phases = 30;

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task global_local_and_local_then_global_updates_hold_one_by_one_and_in_parallel(string provider)
    {
        await Global(provider);
        await Local(provider);
        await LocalThenGlobal(provider);

        var all = new List<Task>();
        for (var i = 0; i < Phases; i++)
        {
            all.Add(Global(provider));
            all.Add(Local(provider));
            all.Add(LocalThenGlobal(provider));
        }
        await Task.WhenAll(all);
    }

    private async Task Global(string provider)
    {
        var (x, grain) = NewGrain(provider);
        await grain.SetAGlobal(x);
        Assert.Equal(x, await grain.GetAGlobal());
        Assert.Equal(1, await grain.GetConfirmedVersion());
    }

    private async Task Local(string provider)
    {
        var (x, grain) = NewGrain(provider);
        Assert.Equal(0, await grain.GetConfirmedVersion());
        await grain.SetALocal(x);
        Assert.Equal(x, await grain.GetALocal());
    }

    private async Task LocalThenGlobal(string provider)
    {
        var (x, grain) = NewGrain(provider);
        await grain.SetALocal(x);
        Assert.Equal(x, await grain.GetAGlobal());
        Assert.Equal(1, await grain.GetConfirmedVersion());
    }

    private (int X, ILogTestGrain Grain) NewGrain(string provider)
    {
        var x = Random.Shared.Next();
        return (x, fixture.Grains.GetGrain<ILogTestGrain>(x, Providers.GrainClass<LogTestGrain>(provider)));
    }
}
