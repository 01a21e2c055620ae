using EventSourcing.Tests.Provider.TestGrains;
using RedisEventSourcing.Serialization;
using StackExchange.Redis;

namespace EventSourcing.Tests.Provider;

public sealed class UpcasterChainTests
{
    private static readonly EntryDecoder Decoder = new(EventTypeRegistry.For(typeof(CounterEvent), typeof(CounterGrain)));

    [Theory]
    [InlineData("1", "text")]
    [InlineData("2", "title")]
    public void older_payloads_are_upcast_step_by_step_to_the_current_schema(string schema, string field)
    {
        var entry = new StreamEntry("5-0", [new("type", "Labelled"), new(field, "red"), new("_version", "1"), new("_schema", schema)]);

        var recorded = Decoder.Decode("k", entry);

        Assert.Equal(new Labelled("red", 1), recorded.Event);
        Assert.Equal(int.Parse(schema), recorded.Metadata.Schema);
        Assert.Equal("red", recorded.Payload["label"]);
    }

    [Fact]
    public void a_current_schema_entry_is_read_as_it_is()
    {
        var entry = new StreamEntry("5-0", [new("type", "Labelled"), new("label", "blue"), new("weight", "7"), new("_version", "1"), new("_schema", "3")]);

        Assert.Equal(new Labelled("blue", 7), Decoder.Decode("k", entry).Event);
    }
}
