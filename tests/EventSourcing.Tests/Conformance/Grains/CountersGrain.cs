// Conformance scenario after dotnet/orleans test/Grains/TestGrains/EventSourcing/CountersGrain.cs,
// CountersGrainVariations.cs and test/Grains/TestGrainInterfaces/EventSourcing/ICountersGrain.cs
// (Copyright (c) .NET Foundation, MIT). Rewritten for this project: variants per provider and
// reentrancy, picked by class name instead of the grain type "simple-counters-grain".
using Orleans.Concurrency;
using Orleans.EventSourcing;
using Orleans.Providers;
using RedisEventSourcing.Serialization;

namespace EventSourcing.Tests.Conformance.Grains;

/// <summary>Counters by key, updated with or without waiting for each confirmation.</summary>
public interface ICountersGrain : IGrainWithIntegerKey
{
    Task Add(string key, int amount, bool waitForConfirmation);
    Task Reset(bool waitForConfirmation);
    Task<int> GetTentativeCount(string key);
    Task<IReadOnlyDictionary<string, int>> GetTentativeState();
    Task<IReadOnlyDictionary<string, int>> GetConfirmedState();
    Task ConfirmAllPreviouslyRaisedEvents();
}

/// <summary>Events of type object, as in Orleans' test (<c>JournaledGrain&lt;TState&gt;</c>).</summary>
public abstract class CountersGrain : JournaledGrain<CountersGrain.GrainState>, ICountersGrain
{
    [GenerateSerializer]
    public sealed class GrainState
    {
        [Id(0)] public Dictionary<string, int> Counts { get; set; } = [];

        public void Apply(UpdatedEvent e) => Counts[e.Key] = Counts.GetValueOrDefault(e.Key) + e.Amount;

        public void Apply(ResetAllEvent e) => Counts.Clear();
    }

    // Undecorated, as in Orleans' original: the provider names them after their classes.
    [GenerateSerializer]
    public sealed class UpdatedEvent
    {
        [Id(0)] public string Key { get; set; } = "";
        [Id(1)] public int Amount { get; set; }
    }

    [GenerateSerializer]
    public sealed class ResetAllEvent;

    // Loads lazily: activation does not wait for the stored state.
    public override Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task Add(string key, int amount, bool waitForConfirmation) =>
        Raise(new UpdatedEvent { Key = key, Amount = amount }, waitForConfirmation);

    public Task Reset(bool waitForConfirmation) => Raise(new ResetAllEvent(), waitForConfirmation);

    public Task ConfirmAllPreviouslyRaisedEvents() => ConfirmEvents();

    public Task<int> GetTentativeCount(string key) => Task.FromResult(TentativeState.Counts[key]);

    public Task<IReadOnlyDictionary<string, int>> GetTentativeState() =>
        Task.FromResult<IReadOnlyDictionary<string, int>>(new Dictionary<string, int>(TentativeState.Counts));

    public Task<IReadOnlyDictionary<string, int>> GetConfirmedState() =>
        Task.FromResult<IReadOnlyDictionary<string, int>>(new Dictionary<string, int>(State.Counts));

    private async Task Raise(object @event, bool waitForConfirmation)
    {
        RaiseEvent(@event);
        if (waitForConfirmation) await ConfirmEvents();
    }
}

public abstract class ReentrantCountersGrain : CountersGrain;

[LogConsistencyProvider(ProviderName = Providers.RedisStreams), EventStreamCategory("counters")]
public sealed class CountersGrainOnRedisStreams : CountersGrain;

[LogConsistencyProvider(ProviderName = Providers.LogStorage)]
public sealed class CountersGrainOnLogStorage : CountersGrain;

[LogConsistencyProvider(ProviderName = Providers.RedisStreams), EventStreamCategory("reentrant-counters"), Reentrant]
public sealed class ReentrantCountersGrainOnRedisStreams : ReentrantCountersGrain;

[LogConsistencyProvider(ProviderName = Providers.LogStorage), Reentrant]
public sealed class ReentrantCountersGrainOnLogStorage : ReentrantCountersGrain;
