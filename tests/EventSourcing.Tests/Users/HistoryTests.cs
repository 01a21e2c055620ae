using EventSourcing.Tests.Infrastructure;
using Grains.Interfaces;
using RedisEventSourcing;

namespace EventSourcing.Tests.Users;

[Collection(ClusterCollection.Name)]
public sealed class HistoryTests(ClusterFixture fixture)
{
    [Fact]
    public async Task history_pages_across_page_boundaries_add_up_to_the_whole_log_in_order()
    {
        var (id, user) = await UserWithEvents(50);
        var raw = await RawLog.EntriesAsync(fixture.Db, RawLog.UserStreamKey(id));

        var pages = new List<UserHistoryEntry>();
        for (var from = 1; from <= 50; from += 13)
            pages.AddRange(await user.GetHistory(from, 13));

        Assert.Equal(Enumerable.Range(1, 50), pages.Select(h => h.Version));
        Assert.Equal(raw.Select(e => e["@id"]), pages.Select(h => h.EntryId));
        Assert.Equal(raw.Select(e => e["type"]), pages.Select(h => h.Type));
        Assert.Equal(raw.Select(e => e["_event_id"]), pages.Select(h => h.Metadata["event_id"]));
        Assert.Empty(await user.GetHistory(51, 10));
        Assert.Equal([49, 50], (await user.GetHistory(49, 100)).Select(h => h.Version));
    }

    [Fact]
    public async Task history_items_carry_the_server_timestamp_payload_and_metadata_from_the_request_context()
    {
        var id = UserIds.New("audit");
        var user = fixture.Grains.GetGrain<IUserGrain>(id);
        var before = DateTimeOffset.UtcNow.AddSeconds(-5);
        CommandMetadata.Set(commandId: "c-42", correlationId: "corr-42", causationId: "cause-42", actor: "auditor");
        try
        {
            await user.Create("Vera", "vera@example.com");
        }
        finally
        {
            CommandMetadata.Set();
        }
        await user.ChangeAddress("1 Audit Way");

        var history = await user.GetHistory(1, 10);

        Assert.Equal(["UserCreated", "EmailUpdated", "AddressUpdated"], history.Select(h => h.Type));
        Assert.Equal("vera@example.com", history[1].Payload["email"]);
        Assert.Equal("1 Audit Way", history[2].Payload["new_address"]);
        Assert.All(history.Take(2), h =>
        {
            Assert.Equal("c-42", h.Metadata["command_id"]);
            Assert.Equal("corr-42", h.Metadata["correlation_id"]);
            Assert.Equal("cause-42", h.Metadata["causation_id"]);
            Assert.Equal("auditor", h.Metadata["actor"]);
        });
        Assert.False(history[2].Metadata.ContainsKey("correlation_id"), "metadata the caller did not give is not invented");
        Assert.All(history, h => Assert.InRange(h.Timestamp, before, DateTimeOffset.UtcNow.AddSeconds(5)));
        Assert.Equal(3, history.Select(h => h.Metadata["event_id"]).Distinct().Count());
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(1, 0)]
    [InlineData(1, 1001)]
    public async Task invalid_history_paging_is_refused(int from, int count)
    {
        var (_, user) = await UserWithEvents(3);
        var error = await Assert.ThrowsAsync<UserCommandException>(() => user.GetHistory(from, count));
        Assert.Equal(UserErrorCode.InvalidPaging, error.Code);
    }

    [Fact]
    public async Task history_shows_a_schema_1_entry_written_with_plain_xadd_in_todays_shape()
    {
        var id = UserIds.New("hist-schema");
        var key = RawLog.UserStreamKey(id);
        await fixture.Db.StreamAddAsync(key, [new("type", "UserCreated"), new("id", id), new("name", "Wes"), new("_version", "1")]);
        await fixture.Db.StreamAddAsync(key, [new("type", "AddressUpdated"), new("id", id), new("address", "Old Rd"), new("_version", "2"), new("_schema", "1")]);

        var history = await fixture.Grains.GetGrain<IUserGrain>(id).GetHistory();
        var atOne = await fixture.Grains.GetGrain<IUserGrain>(id).GetStateAtVersion(1);

        Assert.Equal("Old Rd", history[1].Payload["new_address"]);
        Assert.False(history[1].Payload.ContainsKey("address"));
        Assert.Equal("1", history[1].Metadata["schema"]);
        Assert.Null(atOne.Address);
    }

    private async Task<(string Id, IUserGrain User)> UserWithEvents(int count)
    {
        var id = UserIds.New("hist");
        var user = fixture.Grains.GetGrain<IUserGrain>(id);
        await user.Create("Walt");
        for (var i = 2; i <= count; i++)
        {
            if (i % 3 == 0) await user.ChangeEmail($"w{i}@example.com");
            else if (i % 3 == 1) await user.Rename($"Walt {i}");
            else await user.ChangeAddress($"{i} History Ln");
        }
        return (id, user);
    }
}
