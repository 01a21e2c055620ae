using Grains.Users;
using RedisEventSourcing.Serialization;
using RedisEventSourcing.Storage;
using StackExchange.Redis;

namespace EventSourcing.Tests.Provider;

public sealed class EventCodecTests
{
    private static readonly EventTypeRegistry Registry = EventTypeRegistry.For(typeof(UserEvent), typeof(UserGrain));

    [Theory]
    [InlineData("NewAddress", "new_address")]
    [InlineData("Id", "id")]
    [InlineData("UserID", "user_id")]
    [InlineData("HTTPStatusCode", "http_status_code")]
    [InlineData("Line2", "line2")]
    public void property_names_become_snake_case_wire_fields(string property, string wire) =>
        Assert.Equal(wire, SnakeCase.From(property));

    [Fact]
    public void every_user_event_has_a_stable_wire_name_found_without_a_hand_written_list()
    {
        Assert.Equal(
            ["AddressUpdated", "EmailUpdated", "NameChanged", "UserCreated", "UserDeactivated"],
            Registry.Codecs.Select(c => c.WireName).Order());
    }

    [Fact]
    public void a_wire_name_starting_with_an_underscore_is_refused_because_feed_markers_use_such_names()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new EventCodec(typeof(AddressUpdated), "_cleared", 1));

        Assert.Contains("reserved", error.Message);
    }

    [Fact]
    public void an_event_round_trips_through_its_wire_fields()
    {
        var encoder = new EntryEncoder(Registry, 64 * 1024);
        var fields = encoder.Encode(new AddressUpdated("u1", "9 Bay Rd"), 4, "e1", new CommandContextSnapshot("c1", null, null, "me"));
        var entry = new StreamEntry("1700000000000-0", fields.Select(f => new NameValueEntry(f.Key, f.Value)).ToArray());

        var recorded = new EntryDecoder(Registry).Decode("k", entry);

        Assert.Equal(new AddressUpdated("u1", "9 Bay Rd"), recorded.Event);
        Assert.Equal(4, recorded.Metadata.Version);
        Assert.Equal("c1", recorded.Metadata.CommandId);
        Assert.Equal("me", recorded.Metadata.Actor);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1700000000000), recorded.Metadata.Timestamp);
        Assert.Equal(["type", "id", "new_address", "_version", "_event_id", "_schema", "_command_id", "_actor"], fields.Select(f => f.Key));
    }

    [Fact]
    public void event_ids_are_unique_uuid_v7_values_carrying_the_time_they_were_made()
    {
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var ids = Enumerable.Range(0, 100_000).Select(_ => CommandContextSnapshot.NewEventId()).ToList();
        var after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids.Take(1000), id =>
        {
            Assert.Equal(22, id.Length);
            var guid = new Guid(System.Buffers.Text.Base64Url.DecodeFromChars(id), bigEndian: true);
            Assert.Equal(7, guid.Version);
            Assert.Equal(0b10, guid.Variant >> 2);
            var bytes = guid.ToByteArray(bigEndian: true);
            var ms = ((long)bytes[0] << 40) | ((long)bytes[1] << 32) | ((long)bytes[2] << 24) | ((long)bytes[3] << 16) | ((long)bytes[4] << 8) | bytes[5];
            Assert.InRange(ms, before, after);
        });
    }

    [Fact]
    public void a_schema_1_address_entry_is_upcast_and_an_entry_without_schema_reads_as_current()
    {
        var decoder = new EntryDecoder(Registry);
        var old = new StreamEntry("1-0", [new("type", "AddressUpdated"), new("id", "u"), new("address", "Old St"), new("_version", "1"), new("_schema", "1")]);
        var plain = new StreamEntry("2-0", [new("type", "AddressUpdated"), new("id", "u"), new("new_address", "New St"), new("_version", "2")]);

        Assert.Equal(new AddressUpdated("u", "Old St"), decoder.Decode("k", old).Event);
        Assert.Equal(new AddressUpdated("u", "New St"), decoder.Decode("k", plain).Event);
    }

    [Fact]
    public void an_event_larger_than_the_limit_is_refused_before_anything_is_sent()
    {
        var encoder = new EntryEncoder(Registry, 100);
        var error = Assert.Throws<ArgumentException>(() => encoder.Encode(new NameChanged("u", new string('n', 200)), 1, "e", CommandContextSnapshot.Empty));
        Assert.Contains("MaxEventBytes", error.Message);
    }
}
