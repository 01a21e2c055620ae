using EventSourcing.Tests.Provider.TestGrains;
using RedisEventSourcing.Serialization;
using StackExchange.Redis;

namespace EventSourcing.Tests.Serialization;

/// <summary>
/// Scalars are plain strings; every other property is one JSON-valued field, whose JSON follows
/// the flat fields' naming: snake_case, nulls left out, times ISO 8601 round-trip, enums by name.
/// </summary>
public sealed class NestedShapeTests
{
    private static readonly EventTypeRegistry Registry = EventTypeRegistry.For(typeof(object), typeof(ShapesGrain));

    private static readonly PostalAddress Home = new("1 Main St", null, new GeoPoint(52.5, double.NaN), new DateTime(2026, 3, 1, 10, 0, 0, DateTimeKind.Unspecified), Mood.Happy);

    [Fact]
    public void nested_json_is_snake_case_with_nulls_left_out_times_round_trip_and_enums_by_name()
    {
        var fields = Encode(new ProfileEdited { Name = "Ann", Home = Home, Meta = { ["FavouriteColour"] = "teal" } }.Because(null));

        Assert.Equal("""{"street":"1 Main St","location":{"lat":52.5,"lon":"NaN"},"valid_from":"2026-03-01T10:00:00.0000000","mood":"Happy"}""", fields["home"]);
        Assert.Equal("""{"FavouriteColour":"teal"}""", fields["meta"]);
        Assert.Equal("[]", fields["nicknames"]);
        Assert.DoesNotContain("reason", fields.Keys);
    }

    [Fact]
    public void nested_json_an_older_release_wrote_with_csharp_names_and_explicit_nulls_still_reads()
    {
        var old = new Dictionary<string, string>(Encode(new ProfileEdited { Name = "Ann" }))
        {
            ["home"] = """{"Street":"1 Main St","Line2":null,"Location":{"Lat":52.5,"Lon":1},"ValidFrom":"2026-03-01T10:00:00","Mood":1}""",
        };

        var read = (ProfileEdited)Decode(old);

        Assert.Equal(Home with { Location = new GeoPoint(52.5, 1) }, read.Home);
    }

    [Fact]
    public void every_scalar_is_a_plain_string_and_a_record_with_init_and_derived_properties_round_trips()
    {
        var raised = new ScalarsRaised("text", 'é', true, 200, -3, 42, long.MinValue, 1.5f, -0.0, 1.50m, Guid.Parse("0b9bd3e2-8d5e-4a4f-9e84-4c7a8a1b2c3d"),
            new DateTime(2026, 3, 1, 10, 0, 0, DateTimeKind.Utc), new DateTimeOffset(2026, 3, 1, 7, 30, 0, TimeSpan.FromHours(2)),
            new DateOnly(2026, 3, 1), new TimeOnly(7, 30, 15), TimeSpan.FromMinutes(-90), Mood.Grumpy, Access.Read | Access.Admin,
            null, null, null, null, Mood.Calm, ulong.MaxValue);

        var fields = Encode(raised);

        Assert.Equal(new Dictionary<string, string>
        {
            ["type"] = "ScalarsRaised", ["text"] = "text", ["letter"] = "é", ["flag"] = "true", ["byte"] = "200", ["short"] = "-3",
            ["int"] = "42", ["long"] = "-9223372036854775808", ["float"] = "1.5", ["double"] = "-0", ["money"] = "1.50",
            ["id"] = "0b9bd3e2-8d5e-4a4f-9e84-4c7a8a1b2c3d", ["at"] = "2026-03-01T10:00:00.0000000Z", ["at_offset"] = "2026-03-01T07:30:00.0000000+02:00",
            ["day"] = "2026-03-01", ["time"] = "07:30:15.0000000", ["span"] = "-01:30:00", ["mood"] = "Grumpy", ["access"] = "Read, Admin",
            ["maybe_mood"] = "Calm", ["unsigned"] = "18446744073709551615",
        }, fields.Where(f => !f.Key.StartsWith('_')).ToDictionary());
        Assert.Equal(raised, Decode(fields));
        Assert.True(double.IsNegative(((ScalarsRaised)Decode(fields)).Double));
        Assert.Equal(1.50m.ToString(), ((ScalarsRaised)Decode(fields)).Money.ToString());
    }

    [Fact]
    public void char_dates_and_times_an_older_release_wrote_as_json_strings_still_read()
    {
        var fields = Encode(new ScalarsRaised("t", 'x', false, 0, 0, 0, 0, 0, 0, 0, Guid.Empty, default, default, default, default, default, Mood.Calm, Access.None,
            null, null, null, null, null, 0));
        fields["letter"] = "\"y\"";
        fields["day"] = "\"2026-03-01\"";
        fields["time"] = "\"07:30:15\"";

        var read = (ScalarsRaised)Decode(fields);

        Assert.Equal(('y', new DateOnly(2026, 3, 1), new TimeOnly(7, 30, 15)), (read.Letter, read.Day, read.Time));
    }

    [Fact]
    public void a_record_keeps_its_init_only_property_and_leaves_its_derived_one_off_the_wire()
    {
        var raised = new NestedRaised(Home, new Contact { Name = "Bo" }, [], [1, 2, 3], [], [], [null, "x"], [Mood.Calm], null, [double.PositiveInfinity]) { Revision = 7 };

        var fields = Encode(raised);
        var read = (NestedRaised)Decode(fields);

        Assert.Equal("7", fields["revision"]);
        Assert.DoesNotContain("number_count", fields.Keys);
        Assert.Equal(7, read.Revision);
        Assert.Equal([1, 2, 3], read.Numbers);
        Assert.Equal([null, "x"], read.Tags);
        Assert.Equal([double.PositiveInfinity], read.Readings);
    }

    [Fact]
    public void a_private_setter_inside_nested_json_is_read_back()
    {
        var contact = new Contact { Name = "Cy" };
        contact.Grant(12.75m);

        var read = (NestedRaised)Decode(Encode(new NestedRaised(Home, contact, [], [], [], [], [], [], null, [])));

        Assert.Equal(12.75m, read.Contact.Credit);
    }

    private static Dictionary<string, string> Encode(object @event) =>
        new EntryEncoder(Registry, 1 << 20).Encode(@event, 1, "e1", CommandContextSnapshot.Empty).ToDictionary(f => f.Key, f => f.Value);

    private static object Decode(Dictionary<string, string> fields) =>
        new EntryDecoder(Registry).Decode("k", new StreamEntry("1-0", fields.Select(f => new NameValueEntry(f.Key, f.Value)).ToArray())).Event;
}
