using EventSourcing.Tests.Infrastructure;
using Grains.Interfaces;
using RedisEventSourcing;

namespace EventSourcing.Tests.Users;

[Collection(ClusterCollection.Name)]
public sealed class WireContractTests(ClusterFixture fixture)
{
    [Fact]
    public async Task commands_append_one_flat_entry_per_event_with_the_documented_fields()
    {
        var id = UserIds.New("wire");
        var user = fixture.Grains.GetGrain<IUserGrain>(id);
        await user.Create("Alice", "alice@example.com");
        await user.Rename("Alice Smith");
        await user.ChangeAddress("1 Main St");
        await user.Deactivate("left the company");

        var entries = await RawLog.EntriesAsync(fixture.Db, RawLog.UserStreamKey(id));

        Assert.Equal(["UserCreated", "EmailUpdated", "NameChanged", "AddressUpdated", "UserDeactivated"], entries.Select(e => e["type"]));
        Assert.Equal(["1", "2", "3", "4", "5"], entries.Select(e => e["_version"]));
        AssertFields(entries[0], "id", "name");
        AssertFields(entries[1], "id", "email");
        AssertFields(entries[2], "id", "name");
        AssertFields(entries[3], "id", "new_address");
        AssertFields(entries[4], "id", "reason");
        Assert.Equal(id, entries[0]["id"]);
        Assert.Equal("Alice", entries[0]["name"]);
        Assert.Equal("alice@example.com", entries[1]["email"]);
        Assert.Equal("1 Main St", entries[3]["new_address"]);
        Assert.Equal("2", entries[3]["_schema"]);
        Assert.Equal(5, entries.Select(e => e["_event_id"]).Distinct().Count());
    }

    [Fact]
    public async Task the_partition_feed_references_every_event_with_its_stream_entry_version_and_type()
    {
        var id = UserIds.New("feed");
        var user = fixture.Grains.GetGrain<IUserGrain>(id);
        await user.Create("Bob", "bob@example.com");
        await user.ChangeEmail("bob@example.org");
        var key = RawLog.UserStreamKey(id);

        var stream = await RawLog.EntriesAsync(fixture.Db, key);
        var feed = (await RawLog.EntriesAsync(fixture.Db, RawLog.FeedKey(id))).Where(e => e["_stream"] == key).ToList();

        Assert.Equal(3, feed.Count);
        Assert.All(feed, f => Assert.Equal(new[] { "@id", "_id", "_stream", "_version", "type" }.Order(), f.Keys.Order()));
        Assert.Equal(stream.Select(e => e["@id"]), feed.Select(f => f["_id"]));
        Assert.Equal(stream.Select(e => e["_version"]), feed.Select(f => f["_version"]));
        Assert.Equal(stream.Select(e => e["type"]), feed.Select(f => f["type"]));
        // Following a reference with plain XRANGE finds the event itself.
        var followed = await fixture.Db.StreamRangeAsync(key, feed[1]["_id"], feed[1]["_id"]);
        Assert.Equal("bob@example.com", (string?)followed.Single()["email"]);
    }

    [Fact]
    public async Task command_metadata_from_the_request_context_is_stored_with_every_event()
    {
        var id = UserIds.New("meta");
        CommandMetadata.Set(commandId: "cmd-1", correlationId: "corr-1", causationId: "cause-1", actor: "tester");
        try
        {
            await fixture.Grains.GetGrain<IUserGrain>(id).Create("Carol", "carol@example.com");
        }
        finally
        {
            CommandMetadata.Set();
        }

        var entries = await RawLog.EntriesAsync(fixture.Db, RawLog.UserStreamKey(id));

        Assert.Equal(2, entries.Count);
        Assert.All(entries, e =>
        {
            Assert.Equal("cmd-1", e["_command_id"]);
            Assert.Equal("corr-1", e["_correlation_id"]);
            Assert.Equal("cause-1", e["_causation_id"]);
            Assert.Equal("tester", e["_actor"]);
        });
    }

    [Fact]
    public async Task a_plain_fold_of_the_raw_stream_as_in_the_seed_agrees_with_the_grain()
    {
        var id = UserIds.New("seed");
        var user = fixture.Grains.GetGrain<IUserGrain>(id);
        await user.Create("Dana", "dana@example.com");
        await user.ChangeAddress("2 Side St");
        await user.ChangeEmail("dana@example.net");

        // The seed's Go state rebuilder: read from 0, switch on type, keep id/name and email.
        var folded = new Dictionary<string, string>();
        foreach (var e in await RawLog.EntriesAsync(fixture.Db, RawLog.UserStreamKey(id)))
        {
            if (e["type"] == "UserCreated") { folded["id"] = e["id"]; folded["name"] = e["name"]; }
            else if (e["type"] == "EmailUpdated") folded["email"] = e["email"];
        }

        var state = await user.GetState();
        Assert.Equal(state.Id, folded["id"]);
        Assert.Equal(state.Name, folded["name"]);
        Assert.Equal(state.Email, folded["email"]);
    }

    private static void AssertFields(Dictionary<string, string> entry, params string[] payload)
    {
        var expected = new[] { "type", "_version", "_event_id", "_schema" }.Concat(payload).Append("@id").OrderBy(f => f);
        Assert.Equal(expected, entry.Keys.OrderBy(f => f));
    }
}
