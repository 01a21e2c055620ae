using Grains;
using Orleans.EventSourcing;
using Orleans.Providers;
using RedisEventSourcing.Serialization;

namespace EventSourcing.Tests.Provider.TestGrains;

// A grain whose reducer has a bug: it throws on one kind of event, after that event was appended.

public interface IFaultyReducerGrain : IGrainWithStringKey
{
    Task<int> Add(int amount);
    Task Trip();
    Task<(int Total, int Version)> Get();
}

[EventType("Tripped"), GenerateSerializer]
public sealed record Tripped([property: Id(0)] string Why) : CounterEvent;

[LogConsistencyProvider(ProviderName = UserGrainConstants.ProviderName)]
public sealed class FaultyReducerGrain : JournaledGrain<CounterState, CounterEvent>, IFaultyReducerGrain
{
    public async Task<int> Add(int amount)
    {
        RaiseEvent(new Added(amount));
        await ConfirmEvents();
        return State.Total;
    }

    public async Task Trip()
    {
        RaiseEvent(new Tripped("a reducer bug"));
        await ConfirmEvents();
    }

    public Task<(int Total, int Version)> Get() => Task.FromResult((State.Total, Version));

    protected override void TransitionState(CounterState state, CounterEvent @event)
    {
        switch (@event)
        {
            case Added added: state.Apply(added); break;
            case Tripped: throw new InvalidOperationException("the reducer cannot handle Tripped");
        }
    }
}
