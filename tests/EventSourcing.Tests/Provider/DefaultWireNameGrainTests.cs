using EventSourcing.Tests.Infrastructure;
using EventSourcing.Tests.Provider.TestGrains;

namespace EventSourcing.Tests.Provider;

[Collection(ClusterCollection.Name)]
public sealed class DefaultWireNameGrainTests(ClusterFixture fixture)
{
    [Fact]
    public async Task a_grain_raising_plain_objects_writes_them_under_their_class_names_and_replays_them()
    {
        var id = $"ledger-{Guid.NewGuid():N}";
        var ledger = fixture.Grains.GetGrain<ILedgerGrain>(id);

        await ledger.Deposit(10m, "salary");
        await ledger.Withdraw(3.5m);
        await fixture.DeactivateAllAsync();

        Assert.Equal((6.5m, 2), await ledger.Get());
        var entries = await RawLog.EntriesAsync(fixture.Db, RawLog.UserStreamKey(id).Replace(":user:", ":ledger:"));
        Assert.Equal(["Deposited", "Withdrawn"], entries.Select(e => e["type"]));
        Assert.Equal(["10", "3.5"], entries.Select(e => e["amount"]));
        Assert.Equal("salary", entries[0]["memo"]);
    }
}
