using CsCheck;

namespace EventSourcing.Tests.Serialization;

/// <summary>CsCheck generators for <see cref="ShapeEvents"/>: edge values included (NaN, -0, scales, every kind and offset).</summary>
public static class ShapeGenerators
{
    // Valid Unicode only: Redis stores UTF-8, where an unpaired surrogate cannot exist.
    private static readonly string[] Pieces = ["a", "Z", "0", " ", "\"", "\\", "/", "\n", "\t", "\0", "{", "}", ":", ",", "null", "é", "ß", "日本", "😀", "_v", "Ω"];

    public static readonly Gen<string> Text = Gen.OneOf(Pieces).List[0, 6].Select(parts => string.Concat(parts));

    public static readonly Gen<char> Letter = Gen.Frequency((3, Gen.Char['\0', '\u007f']), (1, Gen.Char['\u0080', '\ud7ff']), (1, Gen.Char['\ue000', '\uffff']));

    public static readonly Gen<double> Double = Gen.Frequency((6, Gen.Double),
        (1, Gen.OneOf(double.NaN, double.PositiveInfinity, double.NegativeInfinity, -0.0, double.Epsilon, double.MaxValue, 0.1)));

    public static readonly Gen<float> Float = Gen.Frequency((6, Gen.Float), (1, Gen.OneOf(float.NaN, float.NegativeInfinity, -0f, float.MinValue)));

    public static readonly Gen<decimal> Money = Gen.Frequency((4, Gen.Decimal),
        (1, Gen.OneOf(1.50m, 0.000m, -0.0m, decimal.MaxValue, decimal.MinValue, 79228162514264.337593543950335m)));

    private static readonly long FirstTick = new DateTime(1900, 1, 1).Ticks;
    private static readonly long LastTick = new DateTime(2200, 1, 1).Ticks;

    public static readonly Gen<DateTime> DateTime = Gen.Select(Gen.Long[FirstTick, LastTick], Gen.Enum<DateTimeKind>(), (ticks, kind) => new DateTime(ticks, kind));

    public static readonly Gen<DateTimeOffset> DateTimeOffset = Gen.Select(Gen.Long[FirstTick, LastTick], Gen.Int[-14 * 60, 14 * 60],
        (ticks, minutes) => new DateTimeOffset(ticks, TimeSpan.FromMinutes(minutes)));

    public static readonly Gen<Access> Access = Gen.Int[0, 15].Select(i => (Access)i);

    public static readonly Gen<GeoPoint> GeoPoint = Gen.Select(Double, Double, (lat, lon) => new GeoPoint(lat, lon));

    public static readonly Gen<PostalAddress> Address = Gen.Select(Text, Text.Null(0.3), GeoPoint.Null(0.3), DateTime, Gen.Enum<Mood>(),
        (street, line2, location, validFrom, mood) => new PostalAddress(street, line2, location, validFrom, mood));

    public static readonly Gen<Contact> Contact = Gen.Select(Text, Text.List[0, 3], Gen.Dictionary(Text, Gen.Int)[0, 3], DateTimeOffset.Nullable(0.3), Money,
        (name, phones, scores, lastSeen, credit) =>
        {
            var contact = new Contact { Name = name, Phones = phones, Scores = scores, LastSeen = lastSeen };
            contact.Grant(credit);
            return contact;
        });

    public static readonly Gen<ScalarsRaised> Scalars = Gen.Select(
        Gen.Select(Text, Letter, Gen.Bool, Gen.Byte, Gen.Short, Gen.Int, Gen.Long, Float),
        Gen.Select(Double, Money, Gen.Guid, DateTime, DateTimeOffset, Gen.DateOnly, Gen.TimeOnly, Gen.TimeSpan),
        Gen.Select(Gen.Enum<Mood>(), Access, Gen.Int.Nullable(0.4), DateTime.Nullable(0.4), Gen.Guid.Nullable(0.4), Text.Null(0.4), Gen.Enum<Mood>().Nullable(0.4), Gen.ULong),
        (a, b, c) => new ScalarsRaised(a.Item1, a.Item2, a.Item3, a.Item4, a.Item5, a.Item6, a.Item7, a.Rest.Item1,
            b.Item1, b.Item2, b.Item3, b.Item4, b.Item5, b.Item6, b.Item7, b.Rest.Item1,
            c.Item1, c.Item2, c.Item3, c.Item4, c.Item5, c.Item6, c.Item7, c.Rest.Item1));

    public static readonly Gen<NestedRaised> Nested = Gen.Select(
        Gen.Select(Address, Contact, Address.List[0, 2], Gen.Int.Array[0, 4], Gen.Dictionary(Text, Address)[0, 2]),
        Gen.Select(Gen.Dictionary(Gen.Guid, Money)[0, 3], Text.Null(0.3).List[0, 3], Gen.Enum<Mood>().Array[0, 3], Address.Null(0.5), Double.List[0, 3], Gen.Int),
        (a, b) => new NestedRaised(a.Item1, a.Item2, a.Item3, a.Item4, a.Item5, b.Item1, b.Item2, b.Item3, b.Item4, b.Item5) { Revision = b.Item6 });

    public static readonly Gen<ProfileEdited> Profile = Gen.Select(
        Gen.Select(Text, Gen.Int, Text.Array[0, 3], Address.Null(0.4), Gen.Dictionary(Text, Text)[0, 3]),
        Gen.Select(DateTime, Contact.List[0, 2], Gen.TimeSpan.Nullable(0.4), Text.Null(0.5)),
        (a, b) => new ProfileEdited { Name = a.Item1, Age = a.Item2, Nicknames = a.Item3, Home = a.Item4, Meta = a.Item5, EditedAt = b.Item1, Friends = b.Item2, Timeout = b.Item3 }
            .Because(b.Item4));

    public static readonly Gen<object> AnyEvent = Gen.OneOf<object>(Scalars.Select(e => (object)e), Nested.Select(e => (object)e), Profile.Select(e => (object)e));
}
