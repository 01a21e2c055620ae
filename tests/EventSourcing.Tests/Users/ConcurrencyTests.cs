using EventSourcing.Tests.Infrastructure;
using Grains.Interfaces;

namespace EventSourcing.Tests.Users;

[Collection(ClusterCollection.Name)]
public sealed class ConcurrencyTests(ClusterFixture fixture)
{
    [Fact]
    public async Task an_entry_appended_behind_the_grains_back_is_picked_up_and_the_next_command_lands_after_it()
    {
        var id = UserIds.New("foreign");
        var user = fixture.Grains.GetGrain<IUserGrain>(id);
        await user.Create("Frank");
        var key = RawLog.UserStreamKey(id);

        // Another program appends a valid next event with plain XADD.
        await fixture.Db.StreamAddAsync(key, [new("type", "NameChanged"), new("id", id), new("name", "Franklin"), new("_version", "2")]);
        var after = await user.ChangeEmail("frank@example.com");

        Assert.Equal("Franklin", after.Name);
        Assert.Equal(3, after.Version);
        var entries = await RawLog.EntriesAsync(fixture.Db, key);
        Assert.Equal(["UserCreated", "NameChanged", "EmailUpdated"], entries.Select(e => e["type"]));
        Assert.Equal(["1", "2", "3"], entries.Select(e => e["_version"]));
    }

    [Fact]
    public async Task a_command_is_decided_again_on_the_state_another_writer_produced()
    {
        var id = UserIds.New("redecide");
        var user = fixture.Grains.GetGrain<IUserGrain>(id);
        await user.Create("Gina");
        await fixture.Db.StreamAddAsync(RawLog.UserStreamKey(id),
            [new("type", "UserDeactivated"), new("id", id), new("reason", "fraud"), new("_version", "2")]);

        var error = await Assert.ThrowsAsync<UserCommandException>(() => user.Rename("Gina Z"));

        Assert.Equal(UserErrorCode.UserDeactivated, error.Code);
        Assert.Equal(2, (await RawLog.EntriesAsync(fixture.Db, RawLog.UserStreamKey(id))).Count);
    }

    [Fact]
    public async Task two_hundred_concurrent_commands_on_one_user_are_all_applied_with_contiguous_versions()
    {
        var id = UserIds.New("concurrent");
        var user = fixture.Grains.GetGrain<IUserGrain>(id);
        await user.Create("Hank");

        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => user.ChangeAddress($"{i} Parallel Ave")));

        var entries = await RawLog.EntriesAsync(fixture.Db, RawLog.UserStreamKey(id));
        Assert.Equal(201, entries.Count);
        Assert.Equal(Enumerable.Range(1, 201).Select(v => v.ToString()), entries.Select(e => e["_version"]));
        Assert.Equal(200, entries.Where(e => e["type"] == "AddressUpdated").Select(e => e["new_address"]).Distinct().Count());
        var state = await user.GetState();
        Assert.Equal(201, state.Version);
        Assert.Equal(entries[^1]["new_address"], state.Address);
    }
}
