using EventSourcing.Tests.Infrastructure;
using Grains.Interfaces;
using RedisEventSourcing;
using StackExchange.Redis;

namespace EventSourcing.Tests.Users;

[Collection(ClusterCollection.Name)]
public sealed class CorruptEntryTests(ClusterFixture fixture)
{
    public static TheoryData<string, string[], string> Garbage => new()
    {
        { "unknown-type", ["type", "UserTeleported", "id", "x", "_version", "2"], "unknown event type 'UserTeleported'" },
        { "missing-field", ["type", "NameChanged", "id", "x", "_version", "2"], "missing field 'name'" },
        { "unknown-field", ["type", "NameChanged", "id", "x", "name", "n", "colour", "red", "_version", "2"], "unknown field 'colour'" },
        { "no-type", ["id", "x", "_version", "2"], "missing field 'type'" },
        { "no-version", ["type", "NameChanged", "id", "x", "name", "n"], "missing field '_version'" },
        { "bad-version", ["type", "NameChanged", "id", "x", "name", "n", "_version", "two"], "'_version' must be a positive integer" },
        { "version-gap", ["type", "NameChanged", "id", "x", "name", "n", "_version", "7"], "where 2 was expected" },
        { "future-schema", ["type", "NameChanged", "id", "x", "name", "n", "_version", "2", "_schema", "9"], "newer than this program knows" },
    };

    [Theory]
    [MemberData(nameof(Garbage))]
    public async Task an_entry_the_provider_cannot_read_fails_activation_naming_the_key_and_entry(string name, string[] fields, string problem)
    {
        var id = UserIds.New(name);
        var user = fixture.Grains.GetGrain<IUserGrain>(id);
        await user.Create("Olga");
        var key = RawLog.UserStreamKey(id);
        var entryId = await fixture.Db.StreamAddAsync(key, Pairs(fields));
        await fixture.DeactivateAllAsync();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => user.GetState());

        Assert.Contains(key, error.Message);
        Assert.Contains(entryId.ToString(), error.Message);
        Assert.Contains(problem, error.Message);
        Assert.IsType<EventStreamCorruptException>(error);
        // Nothing was lost or rewritten: both entries are still there.
        Assert.Equal(2, (await RawLog.EntriesAsync(fixture.Db, key)).Count);
    }

    [Fact]
    public async Task a_command_on_a_stream_whose_last_entry_has_no_version_is_refused_with_the_entry_named()
    {
        var id = UserIds.New("nolastversion");
        var user = fixture.Grains.GetGrain<IUserGrain>(id);
        await user.Create("Pat");
        var key = RawLog.UserStreamKey(id);
        var entryId = await fixture.Db.StreamAddAsync(key, Pairs(["type", "NameChanged", "id", id, "name", "P"]));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => user.Rename("Patricia"));

        Assert.Contains(entryId.ToString(), error.Message);
        Assert.Equal(2, (await RawLog.EntriesAsync(fixture.Db, key)).Count);
    }

    private static NameValueEntry[] Pairs(string[] fields) =>
        Enumerable.Range(0, fields.Length / 2).Select(i => new NameValueEntry(fields[2 * i], fields[2 * i + 1])).ToArray();

    [Fact]
    public async Task a_stream_key_holding_another_type_refuses_the_append_with_a_clear_error_at_once()
    {
        var id = UserIds.New("wrongtype");
        var user = fixture.Grains.GetGrain<IUserGrain>(id);
        await user.GetState();
        await fixture.Db.StringSetAsync(RawLog.UserStreamKey(id), "a string where the stream should be");

        var error = await Assert.ThrowsAsync<EventStoreRejectedException>(() => user.Create("Wanda"));

        Assert.Contains(RawLog.UserStreamKey(id), error.Message);
        Assert.Contains("WRONGTYPE", error.Message);
        Assert.Equal("a string where the stream should be", (string?)await fixture.Db.StringGetAsync(RawLog.UserStreamKey(id)));
    }
}
