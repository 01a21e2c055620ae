using EventSourcing.Tests.Infrastructure;
using EventSourcing.Tests.Provider.TestGrains;
using Grains.Interfaces;
using RedisEventSourcing;
using StackExchange.Redis;

namespace EventSourcing.Tests.Users;

/// <summary>
/// A command id makes a retry append nothing twice; it must never swallow a different event that
/// happens to carry the same id, and a retry must be recognised whoever landed the first attempt.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class CommandIdTests(ClusterFixture fixture)
{
    [Fact]
    public async Task two_confirmed_writes_inside_one_call_under_one_command_id_are_both_appended()
    {
        var id = $"counter-{Guid.NewGuid():N}";
        var total = await WithCommandId("twice-1", () => fixture.Grains.GetGrain<ICounterGrain>(id).AddTwice(3, 4));

        var entries = await RawLog.EntriesAsync(fixture.Db, RawLog.UserStreamKey(id).Replace(":user:", ":counter:"));
        Assert.Equal(7, total);
        Assert.Equal(["3", "4"], entries.Select(e => e["amount"]));
        Assert.All(entries, e => Assert.Equal("twice-1", e["_command_id"]));
    }

    [Fact]
    public async Task two_different_user_commands_sent_by_a_grain_under_its_one_command_id_are_both_applied()
    {
        var id = UserIds.New("forwarded");
        await fixture.Grains.GetGrain<IUserGrain>(id).Create("Fran");

        var view = await WithCommandId("forward-1", () =>
            fixture.Grains.GetGrain<IForwardingGrain>("f").RenameAndChangeEmail(id, "Frances", "fran@example.com"));

        Assert.Equal("Frances", view.Name);
        Assert.Equal("fran@example.com", view.Email);
        var entries = await RawLog.EntriesAsync(fixture.Db, RawLog.UserStreamKey(id));
        Assert.Equal(["UserCreated", "NameChanged", "EmailUpdated"], entries.Select(e => e["type"]));
    }

    [Fact]
    public async Task the_same_call_repeated_under_its_command_id_is_still_a_retry_and_appends_nothing()
    {
        var id = UserIds.New("retry");
        var user = fixture.Grains.GetGrain<IUserGrain>(id);
        await user.Create("Ray");

        await WithCommandId("rename-1", () => user.Rename("Raymond"));
        await user.Rename("Ray again");
        var retried = await WithCommandId("rename-1", () => user.Rename("Raymond"));

        Assert.Equal("Ray again", retried.Name);
        var entries = await RawLog.EntriesAsync(fixture.Db, RawLog.UserStreamKey(id));
        Assert.Equal(["UserCreated", "NameChanged", "NameChanged"], entries.Select(e => e["type"]));
    }

    [Fact]
    public async Task a_retried_create_that_another_writer_already_landed_succeeds_instead_of_already_exists()
    {
        var id = UserIds.New("landed-create");
        var user = fixture.Grains.GetGrain<IUserGrain>(id);
        await user.GetState();
        // The first attempt landed through another activation (a failover): this one has not read it.
        await fixture.Db.StreamAddAsync(RawLog.UserStreamKey(id),
            [new("type", "UserCreated"), new("id", id), new("name", "Lana"), new("_version", "1"), new("_command_id", "create-9")]);

        var view = await WithCommandId("create-9", () => user.Create("Lana"));

        Assert.True(view.Exists);
        Assert.Equal(1, view.Version);
        Assert.Single(await RawLog.EntriesAsync(fixture.Db, RawLog.UserStreamKey(id)));
    }

    [Fact]
    public async Task a_retried_deactivate_that_another_writer_already_landed_succeeds_instead_of_already_deactivated()
    {
        var id = UserIds.New("landed-deactivate");
        var user = fixture.Grains.GetGrain<IUserGrain>(id);
        await user.Create("Dee");
        await fixture.Db.StreamAddAsync(RawLog.UserStreamKey(id),
            [new("type", "UserDeactivated"), new("id", id), new("reason", "left"), new("_version", "2"), new("_command_id", "deactivate-9")]);

        var view = await WithCommandId("deactivate-9", () => user.Deactivate("left"));

        Assert.True(view.Deactivated);
        Assert.Equal(2, view.Version);
        Assert.Equal(2, (await RawLog.EntriesAsync(fixture.Db, RawLog.UserStreamKey(id))).Count);
    }

    private static async Task<T> WithCommandId<T>(string commandId, Func<Task<T>> call)
    {
        CommandMetadata.Set(commandId: commandId);
        try
        {
            return await call();
        }
        finally
        {
            CommandMetadata.Set();
        }
    }
}
