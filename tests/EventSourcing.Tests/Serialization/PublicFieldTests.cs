using System.Text.Json;
using RedisEventSourcing.Serialization;

namespace EventSourcing.Tests.Serialization;

// Orleans' own samples and tests declare events and state with public fields, not properties.

public sealed class PublicFieldTests
{
    public sealed class FieldEvent
    {
        public int Val;
        public string? Note;
        public List<int> Items = [];
    }

    public sealed class FieldState
    {
        public int A;
        public Dictionary<string, int> Counts = [];
    }

    [Fact]
    public void an_event_with_public_fields_writes_each_field_and_reads_it_back()
    {
        var codec = new EventCodec(typeof(FieldEvent), "FieldEvent", 1);
        var fields = new List<KeyValuePair<string, string>>();

        codec.Encode(new FieldEvent { Val = 7, Note = "n", Items = [1, 2] }, fields);
        var back = (FieldEvent)codec.Decode(fields.ToDictionary(f => f.Key, f => f.Value), out var problem);

        Assert.Null(problem);
        Assert.Equal(["val", "note", "items"], fields.Select(f => f.Key));
        Assert.Equal((7, "n"), (back.Val, back.Note));
        Assert.Equal([1, 2], back.Items);
    }

    [Fact]
    public void state_with_public_fields_survives_the_snapshot_json()
    {
        var json = JsonSerializer.Serialize(new FieldState { A = 6, Counts = { ["x"] = 2 } }, WireJson.Options);

        var back = JsonSerializer.Deserialize<FieldState>(json, WireJson.Options)!;

        Assert.Equal(6, back.A);
        Assert.Equal(2, back.Counts["x"]);
    }
}
