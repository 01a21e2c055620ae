// Conformance tests after dotnet/orleans test/Orleans.EventSourcing.Tests/EventSourcingTests/PersonGrainTests.cs
// (Copyright (c) .NET Foundation, MIT). Rewritten for this project.
using EventSourcing.Tests.Conformance.Grains;

namespace EventSourcing.Tests.Conformance;

[Collection(ConformanceCollection.Name)]
public sealed class PersonGrainTests(ConformanceFixture fixture)
{
    private IPersonGrain Person(string provider, Guid id) =>
        fixture.Grains.GetGrain<IPersonGrain>(id, Providers.GrainClass<PersonGrain>(provider));

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task a_journaled_grain_activates_with_its_initial_state(string provider)
    {
        var attributes = await Person(provider, Guid.NewGuid()).GetTentativePersonalAttributes();

        Assert.NotNull(attributes);
        Assert.Null(attributes.FirstName);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task a_confirmed_event_is_applied_to_the_state(string provider)
    {
        var luke = Person(provider, Guid.Empty);

        await luke.RegisterBirth(new PersonAttributes { FirstName = "Luke", LastName = "Skywalker", Gender = GenderType.Male });

        Assert.Equal("Luke", (await luke.GetTentativePersonalAttributes()).FirstName);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task events_raised_together_after_earlier_ones_are_all_applied(string provider)
    {
        var leia = Person(provider, Guid.NewGuid());
        await leia.RegisterBirth(new PersonAttributes { FirstName = "Leia", LastName = "Organa", Gender = GenderType.Female });
        var han = Person(provider, Guid.NewGuid());
        await han.RegisterBirth(new PersonAttributes { FirstName = "Han", LastName = "Solo", Gender = GenderType.Male });

        await leia.Marry(han);

        var attributes = await leia.GetTentativePersonalAttributes();
        Assert.Equal("Leia", attributes.FirstName);
        Assert.Equal("Solo", attributes.LastName);
        Assert.Equal(GenderType.Female, attributes.Gender);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task the_confirmed_state_catches_up_with_the_tentative_state_even_without_confirm_events(string provider) =>
        await Person(provider, Guid.NewGuid()).RunTentativeConfirmedStateTest();
}
