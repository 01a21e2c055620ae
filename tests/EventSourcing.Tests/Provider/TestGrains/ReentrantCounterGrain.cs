using Grains;
using Orleans.Concurrency;
using Orleans.EventSourcing;
using Orleans.Providers;

namespace EventSourcing.Tests.Provider.TestGrains;

// A reentrant grain: callers interleave at every await, so one caller's write may carry (and
// fail) another caller's events.

public interface IReentrantCounterGrain : IGrainWithStringKey
{
    Task<int> Add(int amount);
    Task<(int Total, int Version)> Get();
    Task Clear();
}

[Reentrant]
[LogConsistencyProvider(ProviderName = UserGrainConstants.ProviderName)]
public sealed class ReentrantCounterGrain : JournaledGrain<CounterState, CounterEvent>, IReentrantCounterGrain
{
    public async Task<int> Add(int amount)
    {
        RaiseEvent(new Added(amount));
        await ConfirmEvents();
        return State.Total;
    }

    public Task<(int Total, int Version)> Get() => Task.FromResult((State.Total, Version));

    public Task Clear() => ClearLogAsync();

    protected override void TransitionState(CounterState state, CounterEvent @event)
    {
        if (@event is Added added) state.Apply(added);
    }
}
