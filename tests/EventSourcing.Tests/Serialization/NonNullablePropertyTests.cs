using Grains.Users;
using RedisEventSourcing.Serialization;

namespace EventSourcing.Tests.Serialization;

public sealed class NonNullablePropertyTests
{
    private static readonly EntryEncoder Encoder = new(EventTypeRegistry.For(typeof(UserEvent), typeof(UserGrain)), 64 * 1024);

    [Fact]
    public void a_null_in_a_non_nullable_property_is_refused_when_encoding_naming_the_event_and_the_property()
    {
        var error = Assert.Throws<ArgumentException>(() => Encoder.Encode(new UserCreated("u1", null!), 1, "e1", CommandContextSnapshot.Empty));

        Assert.Contains("UserCreated", error.Message);
        Assert.Contains("Name", error.Message);
        Assert.Contains("null", error.Message);
    }

    [Fact]
    public void a_null_in_a_nullable_property_is_left_out_and_reads_back_as_null()
    {
        var fields = TimeProbe.Encode(TimeProbe.Sample() with { OptionalOffset = null });

        Assert.DoesNotContain(fields, f => f.Key == "optional_offset");
        Assert.Null(((TimesRecorded)TimeProbe.Decode(fields)).OptionalOffset);
    }
}
