using EventSourcing.Tests.Infrastructure;
using Grains.Interfaces;

namespace EventSourcing.Tests.Users;

[Collection(ClusterCollection.Name)]
public sealed class SchemaEvolutionTests(ClusterFixture fixture)
{
    [Fact]
    public async Task schema_1_and_seed_style_entries_written_with_plain_xadd_replay_through_the_grain()
    {
        var id = UserIds.New("schema");
        var key = RawLog.UserStreamKey(id);
        await fixture.Db.StreamAddAsync(key, [new("type", "UserCreated"), new("id", id), new("name", "Uma"), new("_version", "1")]);
        await fixture.Db.StreamAddAsync(key, [new("type", "AddressUpdated"), new("id", id), new("address", "Old Lane 1"), new("_version", "2"), new("_schema", "1")]);

        var state = await fixture.Grains.GetGrain<IUserGrain>(id).GetState();
        Assert.Equal("Old Lane 1", state.Address);

        await fixture.Db.StreamAddAsync(key, [new("type", "AddressUpdated"), new("id", id), new("new_address", "New Lane 2"), new("_version", "3")]);
        await fixture.DeactivateAllAsync();
        state = await fixture.Grains.GetGrain<IUserGrain>(id).GetState();

        Assert.Equal("New Lane 2", state.Address);
        Assert.Equal(3, state.Version);
        // The stored schema-1 entry is never rewritten.
        Assert.Equal("Old Lane 1", (await RawLog.EntriesAsync(fixture.Db, key))[1]["address"]);
    }
}
