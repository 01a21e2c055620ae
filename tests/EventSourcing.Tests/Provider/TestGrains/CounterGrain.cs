using Grains;
using Orleans.EventSourcing;
using Orleans.Providers;
using RedisEventSourcing.Serialization;

namespace EventSourcing.Tests.Provider.TestGrains;

// A second kind of aggregate, to show the provider serves any JournaledGrain, with Orleans'
// own RaiseEvent / RaiseConditionalEvent / RetrieveConfirmedEvents semantics.

public interface ICounterGrain : IGrainWithStringKey
{
    Task<int> Add(int amount);
    Task<bool> TryAdd(int amount);
    Task<int> AddTwice(int first, int second);
    Task AddWithoutConfirm(int amount);
    Task<int> AddMany(int count);
    Task Clear();
    Task RaiseThenClear(int amount);
    Task<(int Total, int Version)> Get();
    Task<List<int>> Events(int fromVersion, int toVersion);
    Task Refresh();
}

[GenerateSerializer]
public abstract record CounterEvent;

[EventType("Added"), GenerateSerializer]
public sealed record Added([property: Id(0)] int Amount, [property: Id(1)] DateTimeOffset? At = null) : CounterEvent;

[GenerateSerializer]
public sealed class CounterState
{
    [Id(0)] public int Total { get; set; }

    public void Apply(Added e) => Total += e.Amount;
}

[LogConsistencyProvider(ProviderName = UserGrainConstants.ProviderName)]
public sealed class CounterGrain : JournaledGrain<CounterState, CounterEvent>, ICounterGrain
{
    public async Task<int> Add(int amount)
    {
        RaiseEvent(new Added(amount, DateTimeOffset.UtcNow));
        await ConfirmEvents();
        return State.Total;
    }

    /// <summary>Two confirmed writes inside one call, under whatever command id the call carries.</summary>
    public async Task<int> AddTwice(int first, int second)
    {
        RaiseEvent(new Added(first));
        await ConfirmEvents();
        RaiseEvent(new Added(second));
        await ConfirmEvents();
        return State.Total;
    }

    /// <summary>The common pattern: raise and return; the provider writes in the background.</summary>
    public Task AddWithoutConfirm(int amount)
    {
        RaiseEvent(new Added(amount));
        return Task.CompletedTask;
    }

    public Task Clear() => ClearLogAsync();

    public async Task<int> AddMany(int count)
    {
        for (var i = 1; i <= count; i++) RaiseEvent(new Added(1));
        await ConfirmEvents();
        return Version;
    }

    public Task RaiseThenClear(int amount)
    {
        RaiseEvent(new Added(amount));
        return ClearLogAsync();
    }

    public Task<bool> TryAdd(int amount) => RaiseConditionalEvent(new Added(amount));

    public Task<(int Total, int Version)> Get() => Task.FromResult((State.Total, Version));

    public async Task<List<int>> Events(int fromVersion, int toVersion) =>
        (await RetrieveConfirmedEvents(fromVersion, toVersion)).Cast<Added>().Select(a => a.Amount).ToList();

    public Task Refresh() => RefreshNow();

    protected override void TransitionState(CounterState state, CounterEvent @event)
    {
        if (@event is Added added) state.Apply(added);
    }
}
