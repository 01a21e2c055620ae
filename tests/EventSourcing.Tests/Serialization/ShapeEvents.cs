namespace EventSourcing.Tests.Serialization;

// Events of every property shape a reasonable event has, undecorated (wire name = class name).
// Orleans attributes only because the shapes grain receives them in grain calls.

public enum Mood { Calm, Happy, Grumpy }

[Flags]
public enum Access { None = 0, Read = 1, Write = 2, Admin = 4 }

[GenerateSerializer]
public sealed record GeoPoint([property: Id(0)] double Lat, [property: Id(1)] double Lon);

[GenerateSerializer]
public sealed record PostalAddress(
    [property: Id(0)] string Street,
    [property: Id(1)] string? Line2,
    [property: Id(2)] GeoPoint? Location,
    [property: Id(3)] DateTime ValidFrom,
    [property: Id(4)] Mood Mood);

[GenerateSerializer]
public sealed class Contact
{
    [Id(0)] public string Name { get; set; } = "";
    [Id(1)] public List<string> Phones { get; set; } = [];
    [Id(2)] public Dictionary<string, int> Scores { get; set; } = [];
    [Id(3)] public DateTimeOffset? LastSeen { get; set; }
    [Id(4)] public decimal Credit { get; private set; }

    public void Grant(decimal credit) => Credit = credit;
}

/// <summary>A record with a primary constructor holding every scalar shape, nullable ones too.</summary>
[GenerateSerializer]
public sealed record ScalarsRaised(
    [property: Id(0)] string Text,
    [property: Id(1)] char Letter,
    [property: Id(2)] bool Flag,
    [property: Id(3)] byte Byte,
    [property: Id(4)] short Short,
    [property: Id(5)] int Int,
    [property: Id(6)] long Long,
    [property: Id(7)] float Float,
    [property: Id(8)] double Double,
    [property: Id(9)] decimal Money,
    [property: Id(10)] Guid Id,
    [property: Id(11)] DateTime At,
    [property: Id(12)] DateTimeOffset AtOffset,
    [property: Id(13)] DateOnly Day,
    [property: Id(14)] TimeOnly Time,
    [property: Id(15)] TimeSpan Span,
    [property: Id(16)] Mood Mood,
    [property: Id(17)] Access Access,
    [property: Id(18)] int? MaybeInt,
    [property: Id(19)] DateTime? MaybeAt,
    [property: Id(20)] Guid? MaybeId,
    [property: Id(21)] string? MaybeText,
    [property: Id(22)] Mood? MaybeMood,
    [property: Id(23)] ulong Unsigned);

/// <summary>A record with nested records, classes and collections, an init-only property and a derived one.</summary>
[GenerateSerializer]
public sealed record NestedRaised(
    [property: Id(0)] PostalAddress Address,
    [property: Id(1)] Contact Contact,
    [property: Id(2)] List<PostalAddress> History,
    [property: Id(3)] int[] Numbers,
    [property: Id(4)] Dictionary<string, PostalAddress> ByName,
    [property: Id(5)] Dictionary<Guid, decimal> Balances,
    [property: Id(6)] List<string?> Tags,
    [property: Id(7)] Mood[] Moods,
    [property: Id(8)] PostalAddress? Previous,
    [property: Id(9)] List<double> Readings)
{
    [Id(10)] public int Revision { get; init; }

    public int NumberCount => Numbers.Length;
}

/// <summary>A plain class with settable properties (one of them private).</summary>
[GenerateSerializer]
public sealed class ProfileEdited
{
    [Id(0)] public string Name { get; set; } = "";
    [Id(1)] public int Age { get; set; }
    [Id(2)] public string[] Nicknames { get; set; } = [];
    [Id(3)] public PostalAddress? Home { get; set; }
    [Id(4)] public Dictionary<string, string> Meta { get; set; } = [];
    [Id(5)] public DateTime EditedAt { get; set; }
    [Id(6)] public List<Contact> Friends { get; set; } = [];
    [Id(7)] public TimeSpan? Timeout { get; set; }
    [Id(8)] public string? Reason { get; private set; }

    public ProfileEdited Because(string? reason)
    {
        Reason = reason;
        return this;
    }
}
