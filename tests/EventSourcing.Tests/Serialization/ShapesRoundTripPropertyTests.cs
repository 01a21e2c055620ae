using CsCheck;
using EventSourcing.Tests.Provider.TestGrains;
using RedisEventSourcing.Serialization;
using StackExchange.Redis;

namespace EventSourcing.Tests.Serialization;

/// <summary>Generated events of every shape, through the stream fields and through snapshot JSON.</summary>
public sealed class ShapesRoundTripPropertyTests
{
    private static readonly EventTypeRegistry Registry = EventTypeRegistry.For(typeof(object), typeof(ShapesGrain));

    [Fact]
    public void every_generated_event_reads_back_from_its_stream_fields_as_it_was_raised()
    {
        ShapeGenerators.AnyEvent.Sample(raised =>
        {
            var fields = new EntryEncoder(Registry, 1 << 20).Encode(raised, 1, "e1", CommandContextSnapshot.Empty);
            var entry = new StreamEntry("1-0", fields.Select(f => new NameValueEntry(f.Key, f.Value)).ToArray());

            var read = new EntryDecoder(Registry).Decode("k", entry).Event;

            Assert.Equal(raised.GetType(), read.GetType());
            Assert.Equal(CanonicalJson.Of(raised), CanonicalJson.Of(read));
        }, iter: 3000, print: CanonicalJson.Of);
    }

    [Fact]
    public void every_generated_state_reads_back_from_snapshot_json_as_it_was()
    {
        ShapeGenerators.AnyEvent.List[0, 6].Sample(events =>
        {
            var state = new ShapesState();
            foreach (var e in events) state.Apply(e);

            var read = (ShapesState)WireJson.Deserialize(WireJson.Serialize(state, typeof(ShapesState)), typeof(ShapesState))!;

            Assert.Equal(CanonicalJson.Of(state), CanonicalJson.Of(read));
        }, iter: 500, print: CanonicalJson.Of);
    }
}
