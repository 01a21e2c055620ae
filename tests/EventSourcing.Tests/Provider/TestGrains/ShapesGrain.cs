using EventSourcing.Tests.Serialization;
using Grains;
using Orleans.EventSourcing;
using Orleans.Providers;

namespace EventSourcing.Tests.Provider.TestGrains;

// A grain raising events of every property shape (plain classes, JournaledGrain<TState, object>),
// so a test can compare its state after raising, after a snapshot load and after a full replay.

public interface IShapesGrain : IGrainWithStringKey
{
    Task<int> Raise(List<object> events);
    Task<string> CanonicalState();
}

[GenerateSerializer]
public sealed class ShapesState
{
    [Id(0)] public List<ScalarsRaised> Scalars { get; set; } = [];
    [Id(1)] public List<NestedRaised> Nested { get; set; } = [];
    [Id(2)] public List<ProfileEdited> Profiles { get; set; } = [];

    public void Apply(object @event)
    {
        switch (@event)
        {
            case ScalarsRaised e: Scalars.Add(e); break;
            case NestedRaised e: Nested.Add(e); break;
            case ProfileEdited e: Profiles.Add(e); break;
            default: throw new InvalidOperationException($"ShapesState has no rule for {@event.GetType().Name}.");
        }
    }
}

[LogConsistencyProvider(ProviderName = UserGrainConstants.ProviderName)]
public sealed class ShapesGrain : JournaledGrain<ShapesState, object>, IShapesGrain
{
    public async Task<int> Raise(List<object> events)
    {
        RaiseEvents(events);
        await ConfirmEvents();
        return Version;
    }

    public Task<string> CanonicalState() => Task.FromResult(CanonicalJson.Of(State));

    protected override void TransitionState(ShapesState state, object @event) => state.Apply(@event);
}
