using EventSourcing.Tests.Infrastructure;
using Grains.Interfaces;
using RedisEventSourcing;

namespace EventSourcing.Tests.Users;

[Collection(ClusterCollection.Name)]
public sealed class IdempotencyTests(ClusterFixture fixture)
{
    [Fact]
    public async Task a_retry_with_the_same_command_id_appends_nothing_twice_even_after_reactivation()
    {
        var id = UserIds.New("idem");
        var user = fixture.Grains.GetGrain<IUserGrain>(id);
        try
        {
            CommandMetadata.Set(commandId: "create-1");
            await user.Create("Quinn", "quinn@example.com");
            await user.Create("Quinn", "quinn@example.com");
            await fixture.DeactivateAllAsync();
            var retried = await user.Create("Quinn", "quinn@example.com");

            CommandMetadata.Set(commandId: "address-1");
            await user.ChangeAddress("6 Oak St");
            CommandMetadata.Set(commandId: "address-2");
            await user.ChangeAddress("7 Pine St");
            await fixture.DeactivateAllAsync();
            CommandMetadata.Set(commandId: "address-1");
            var afterRetry = await user.ChangeAddress("6 Oak St");
            Assert.Equal("7 Pine St", afterRetry.Address);

            Assert.Equal(2, retried.Version);
        }
        finally
        {
            CommandMetadata.Set();
        }

        var entries = await RawLog.EntriesAsync(fixture.Db, RawLog.UserStreamKey(id));
        Assert.Equal(["UserCreated", "EmailUpdated", "AddressUpdated", "AddressUpdated"], entries.Select(e => e["type"]));
    }
}
