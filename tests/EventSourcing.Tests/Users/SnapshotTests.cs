using EventSourcing.Tests.Infrastructure;
using Grains.Interfaces;
using RedisEventSourcing;

namespace EventSourcing.Tests.Users;

/// <summary>The test cluster snapshots every <see cref="ClusterFixture.SnapshotEvery"/> events.</summary>
[Collection(ClusterCollection.Name)]
public sealed class SnapshotTests(ClusterFixture fixture)
{
    private static string SnapshotKey(string id) => RawLog.UserStreamKey(id).Replace(":user:", ":snap:user:");

    [Fact]
    public async Task a_snapshot_is_written_every_n_events_and_snapshot_plus_tail_equals_a_full_replay()
    {
        var (id, user) = await UserWithEvents(25);
        var expected = await user.GetState();
        var snapshot = await Eventually.SucceedsAsync(async () =>
            (int)await fixture.Db.HashGetAsync(SnapshotKey(id), "version") is var v and >= 20 ? v : throw new Exception("no snapshot yet"),
            TimeSpan.FromSeconds(10), "snapshot at 20");
        Assert.InRange(snapshot, 20, 25);

        await fixture.DeactivateAllAsync();
        var fromSnapshot = await user.GetState();
        await fixture.DeactivateAllAsync();
        await fixture.Db.KeyDeleteAsync(SnapshotKey(id));
        var fullReplay = await user.GetState();

        Assert.Equal(expected, fromSnapshot);
        Assert.Equal(expected, fullReplay);
    }

    [Theory]
    [InlineData("state", "{not json")]
    [InlineData("state_schema", "0")]
    [InlineData("entry_id", "1-1")]
    [InlineData("version", "3")]
    public async Task a_corrupt_older_schema_or_dangling_snapshot_falls_back_to_a_full_replay_and_is_replaced(string field, string value)
    {
        var (id, user) = await UserWithEvents(12);
        var expected = await user.GetState();
        await fixture.DeactivateAllAsync();
        await Eventually.TrueAsync(async () => await fixture.Db.KeyExistsAsync(SnapshotKey(id)), TimeSpan.FromSeconds(10), "snapshot");
        await fixture.Db.HashSetAsync(SnapshotKey(id), field, value);

        var actual = await user.GetState();

        Assert.Equal(expected, actual);
        await Eventually.TrueAsync(async () => (string?)await fixture.Db.HashGetAsync(SnapshotKey(id), field) != value,
            TimeSpan.FromSeconds(10), "the bad snapshot replaced");
        await fixture.DeactivateAllAsync();
        Assert.Equal(expected, await user.GetState());
    }

    [Fact]
    public async Task time_travel_and_idempotency_hold_across_a_snapshot()
    {
        var id = UserIds.New("snap-idem");
        var user = fixture.Grains.GetGrain<IUserGrain>(id);
        CommandMetadata.Set(commandId: "early-command");
        try
        {
            await user.Create("Yara");
        }
        finally
        {
            CommandMetadata.Set();
        }
        for (var i = 2; i <= 15; i++) await user.ChangeAddress($"{i} Snap St");
        await fixture.DeactivateAllAsync();

        CommandMetadata.Set(commandId: "early-command");
        try
        {
            Assert.Equal(15, (await user.Create("Yara")).Version);
        }
        finally
        {
            CommandMetadata.Set();
        }
        Assert.Equal("5 Snap St", (await user.GetStateAtVersion(5)).Address);
        Assert.Equal("12 Snap St", (await user.GetStateAtVersion(12)).Address);
        Assert.Equal(15, (await RawLog.EntriesAsync(fixture.Db, RawLog.UserStreamKey(id))).Count);
    }

    private async Task<(string, IUserGrain)> UserWithEvents(int count)
    {
        var id = UserIds.New("snap");
        var user = fixture.Grains.GetGrain<IUserGrain>(id);
        await user.Create("Zed");
        for (var i = 2; i <= count; i++) await user.ChangeAddress($"{i} Snapshot Rd");
        return (id, user);
    }
}
