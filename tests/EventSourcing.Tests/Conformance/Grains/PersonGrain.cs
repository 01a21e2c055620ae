// Conformance scenario after dotnet/orleans test/Grains/TestGrains/EventSourcing/PersonGrain.cs and
// test/Grains/TestGrainInterfaces/EventSourcing/IPersonGrain.cs (Copyright (c) .NET Foundation, MIT).
// Rewritten for this project: one variant per provider; the timing-based test awaits the condition
// with a deadline (5 s instead of Orleans' ten 20 ms polls) and stops as soon as it holds.
using EventSourcing.Tests.Infrastructure;
using Orleans.EventSourcing;
using Orleans.Providers;
using RedisEventSourcing.Serialization;

namespace EventSourcing.Tests.Conformance.Grains;

public interface IPersonGrain : IGrainWithGuidKey
{
    Task RegisterBirth(PersonAttributes person);
    Task Marry(IPersonGrain spouse);
    Task<PersonAttributes> GetTentativePersonalAttributes();

    /// <summary>Runs inside the grain, where the interleaving of its steps is deterministic.</summary>
    Task RunTentativeConfirmedStateTest();
}

public abstract class PersonGrain : JournaledGrain<PersonState, IPersonEvent>, IPersonGrain
{
    public Task RegisterBirth(PersonAttributes person)
    {
        if (State.FirstName is not null) return Task.CompletedTask;
        RaiseEvent(new PersonRegistered(person.FirstName, person.LastName, person.Gender));
        return ConfirmEvents();
    }

    public async Task Marry(IPersonGrain spouse)
    {
        if (State.IsMarried) throw new NotSupportedException($"{State.LastName} is already married.");
        var other = await spouse.GetTentativePersonalAttributes();
        var events = new List<IPersonEvent> { new PersonMarried(spouse.GetPrimaryKey(), other.FirstName, other.LastName) };
        if (State.LastName != other.LastName) events.Add(new PersonLastNameChanged(other.LastName));
        RaiseEvents(events); // atomically
        await ConfirmEvents();
    }

    public Task<PersonAttributes> GetTentativePersonalAttributes() => Task.FromResult(new PersonAttributes
    {
        FirstName = TentativeState.FirstName,
        LastName = TentativeState.LastName,
        Gender = TentativeState.Gender,
    });

    private int TentativeVersion => Version + UnconfirmedEvents.Count();

    public async Task RunTentativeConfirmedStateTest()
    {
        Expect(0, Version, "confirmed version at start");
        Expect(0, TentativeVersion, "tentative version at start");
        Expect(null, State.LastName, "confirmed last name at start");
        Expect(null, TentativeState.LastName, "tentative last name at start");

        RaiseEvent(new PersonLastNameChanged("Organa"));
        Expect(0, Version, "confirmed version while the first change is pending");
        Expect(1, TentativeVersion, "tentative version while the first change is pending");
        Expect(null, State.LastName, "confirmed last name while the first change is pending");
        Expect("Organa", TentativeState.LastName, "tentative last name while the first change is pending");

        await ConfirmEvents();
        Expect(1, Version, "confirmed version after ConfirmEvents");
        Expect(1, TentativeVersion, "tentative version after ConfirmEvents");
        Expect("Organa", State.LastName, "confirmed last name after ConfirmEvents");
        Expect("Organa", TentativeState.LastName, "tentative last name after ConfirmEvents");

        RaiseEvent(new PersonLastNameChanged("Solo"));
        Expect(1, Version, "confirmed version while the second change is pending");
        Expect(2, TentativeVersion, "tentative version while the second change is pending");
        Expect("Organa", State.LastName, "confirmed last name while the second change is pending");
        Expect("Solo", TentativeState.LastName, "tentative last name while the second change is pending");

        // No ConfirmEvents this time: the provider is expected to write the event in the background.
        try
        {
            await Eventually.TrueAsync(() => Task.FromResult(Version == 2), TimeSpan.FromSeconds(5), "background confirmation");
        }
        catch (TimeoutException)
        {
            // The expectations below say what is wrong.
        }
        Expect(2, Version, "confirmed version 5 s after raising without ConfirmEvents");
        Expect(2, TentativeVersion, "tentative version 5 s after raising without ConfirmEvents");
        Expect("Solo", State.LastName, "confirmed last name 5 s after raising without ConfirmEvents");
        Expect("Solo", TentativeState.LastName, "tentative last name 5 s after raising without ConfirmEvents");
    }

    private static void Expect<T>(T expected, T actual, string what)
    {
        if (!Equals(expected, actual))
            throw new InvalidOperationException($"{what}: expected {expected?.ToString() ?? "null"}, actual {actual?.ToString() ?? "null"}.");
    }
}

[LogConsistencyProvider(ProviderName = Providers.RedisStreams), EventStreamCategory("person")]
public sealed class PersonGrainOnRedisStreams : PersonGrain;

[LogConsistencyProvider(ProviderName = Providers.LogStorage)]
public sealed class PersonGrainOnLogStorage : PersonGrain;
