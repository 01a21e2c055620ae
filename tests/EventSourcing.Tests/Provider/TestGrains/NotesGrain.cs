using Grains;
using Orleans.EventSourcing;
using Orleans.Providers;
using RedisEventSourcing.Serialization;

namespace EventSourcing.Tests.Provider.TestGrains;

// A grain whose event has a non-nullable property, to show a null there is refused at append
// (a log entry without the field could never be read back).

public interface INotesGrain : IGrainWithStringKey
{
    Task<int> Add(string? text);
    Task<List<string>> Texts();
}

[GenerateSerializer]
public abstract record NoteEvent;

[EventType("NoteAdded"), GenerateSerializer]
public sealed record NoteAdded([property: Id(0)] string Text, [property: Id(1)] string? Author) : NoteEvent;

[GenerateSerializer]
public sealed class NotesState
{
    [Id(0)] public List<string> Texts { get; set; } = [];
}

[LogConsistencyProvider(ProviderName = UserGrainConstants.ProviderName)]
public sealed class NotesGrain : JournaledGrain<NotesState, NoteEvent>, INotesGrain
{
    public async Task<int> Add(string? text)
    {
        RaiseEvent(new NoteAdded(text!, Author: null));
        await ConfirmEvents();
        return Version;
    }

    public Task<List<string>> Texts() => Task.FromResult(State.Texts.ToList());

    protected override void TransitionState(NotesState state, NoteEvent @event)
    {
        if (@event is NoteAdded added) state.Texts.Add(added.Text);
    }
}
