// Conformance scenario after dotnet/orleans test/Grains/TestGrains/EventSourcing/PersonEvents.cs,
// PersonState.cs and test/Grains/TestGrainInterfaces/EventSourcing/IPersonGrain.cs
// (Copyright (c) .NET Foundation, MIT). Rewritten for this project.
namespace EventSourcing.Tests.Conformance.Grains;

public enum GenderType
{
    Male,
    Female,
}

[GenerateSerializer]
public class PersonAttributes
{
    [Id(0)] public string? FirstName { get; set; }
    [Id(1)] public string? LastName { get; set; }
    [Id(2)] public GenderType Gender { get; set; }
}

// Events under a marker interface, bound through a constructor as in Orleans' test.
public interface IPersonEvent;

[GenerateSerializer]
public class PersonRegistered(string? firstName, string? lastName, GenderType gender) : IPersonEvent
{
    [Id(0)] public string? FirstName { get; set; } = firstName;
    [Id(1)] public string? LastName { get; set; } = lastName;
    [Id(2)] public GenderType Gender { get; set; } = gender;
}

[GenerateSerializer]
public class PersonMarried(Guid spouseId, string? spouseFirstName, string? spouseLastName) : IPersonEvent
{
    [Id(0)] public Guid SpouseId { get; set; } = spouseId;
    [Id(1)] public string? SpouseFirstName { get; set; } = spouseFirstName;
    [Id(2)] public string? SpouseLastName { get; set; } = spouseLastName;
}

[GenerateSerializer]
public class PersonLastNameChanged(string? lastName) : IPersonEvent
{
    [Id(0)] public string? LastName { get; set; } = lastName;
}

[GenerateSerializer]
public class PersonState
{
    [Id(0)] public string? FirstName { get; set; }
    [Id(1)] public string? LastName { get; set; }
    [Id(2)] public GenderType Gender { get; set; }
    [Id(3)] public bool IsMarried { get; set; }

    public void Apply(PersonRegistered e)
    {
        FirstName = e.FirstName;
        LastName = e.LastName;
        Gender = e.Gender;
    }

    public void Apply(PersonMarried e) => IsMarried = true;

    public void Apply(PersonLastNameChanged e) => LastName = e.LastName;
}
