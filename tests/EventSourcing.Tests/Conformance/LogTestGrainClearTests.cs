// Conformance tests after dotnet/orleans test/Orleans.EventSourcing.Tests/EventSourcingTests/LogTestGrainClearTests.cs
// (Copyright (c) .NET Foundation, MIT). Rewritten for this project.
using EventSourcing.Tests.Conformance.Grains;
using Orleans.Storage;

namespace EventSourcing.Tests.Conformance;

[Collection(ConformanceCollection.Name)]
public sealed class LogTestGrainClearTests(ConformanceFixture fixture)
{
    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task clearing_the_log_resets_state_and_version_drops_tentative_events_and_allows_further_writes(string provider)
    {
        var grain = fixture.Grains.GetGrain<ILogTestGrain>(Random.Shared.NextInt64(), Providers.GrainClass<LogTestGrain>(provider));

        await grain.Clear();
        await grain.SetAGlobal(10);
        Assert.Equal(10, await grain.GetAGlobal());
        Assert.Equal(1, await grain.GetConfirmedVersion());

        await grain.SetALocal(99);
        await grain.SetBLocal(77);
        Assert.Equal(new AB { A = 99, B = 77 }, await grain.GetBothLocal());

        await grain.Clear();
        Assert.Equal(0, await grain.GetConfirmedVersion());
        Assert.Equal(default, await grain.GetBothGlobal());
        Assert.Equal(default, await grain.GetBothLocal());

        await grain.SetAGlobal(41);
        await grain.IncrementAGlobal();
        Assert.Equal(42, await grain.GetAGlobal());
        Assert.Equal(2, await grain.GetConfirmedVersion());

        await grain.Clear();
        var failures = await ConcurrentOperationsAroundClear(grain);
        Assert.DoesNotContain(failures, e => e is InconsistentStateException);
        Assert.Empty(failures);

        await grain.Clear();
        await grain.SetAGlobal(7);
        Assert.Equal(7, await grain.GetAGlobal());
        Assert.Equal(1, await grain.GetConfirmedVersion());
    }

    /// <summary>Starts writes, a clear and a read together; returns what failed.</summary>
    private static async Task<List<Exception>> ConcurrentOperationsAroundClear(ILogTestGrain grain)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var failures = new List<Exception>();
        Task Run(Func<Task> operation) => Task.Run(async () =>
        {
            await start.Task;
            try
            {
                await operation();
            }
            catch (Exception e)
            {
                lock (failures) failures.Add(e);
            }
        });

        var operations = new[]
        {
            Run(() => grain.SetALocal(1)),
            Run(() => grain.SetAGlobal(2)),
            Run(() => grain.IncrementAGlobal()),
            Run(() => grain.Clear()),
            Run(() => grain.SetAGlobal(3)),
            Run(() => grain.GetAGlobal()),
        };
        start.SetResult();
        await Task.WhenAll(operations);
        return failures;
    }
}
