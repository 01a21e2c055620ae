using EventSourcing.Tests.Infrastructure;
using Grains.Interfaces;
using RedisEventSourcing;
using StackExchange.Redis;

namespace EventSourcing.Tests.Users;

/// <summary>
/// The store loses acknowledged events (an AOF replay that missed the last writes, a failover to a
/// lagging replica, a deleted key): the grain must never write on top of the hole.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class LostTailTests(ClusterFixture fixture)
{
    [Fact]
    public async Task a_stream_restored_without_its_last_entry_refuses_the_next_append_as_lost_and_the_grain_goes_on_from_the_log()
    {
        var id = UserIds.New("losttail");
        var user = fixture.Grains.GetGrain<IUserGrain>(id);
        var key = RawLog.UserStreamKey(id);
        await user.Create("Lou");
        await user.Rename("Lou A");
        var atVersion2 = await fixture.Db.StreamRangeAsync(key);
        await user.Rename("Lou B");
        using var lostCounter = new CounterProbe("es.log.lost_detected");

        await RestoreAsync(key, atVersion2);
        var lost = await Assert.ThrowsAsync<EventStoreLostEventsException>(() => user.Rename("Lou C"));

        Assert.Equal(3, lost.ConfirmedVersion);
        Assert.Equal(2, lost.LogVersion);
        Assert.Contains(key, lost.Message);
        Assert.True(lostCounter.Total >= 1, "the loss was not counted");
        Assert.Equal(["1", "2"], await VersionsAsync(key));

        var next = await user.Rename("Lou C");
        Assert.Equal(3, next.Version);
        Assert.Equal(["1", "2", "3"], await VersionsAsync(key));
        await fixture.DeactivateAllAsync();
        Assert.Equal("Lou C", (await user.GetStateAtVersion(3)).Name);
        Assert.Equal("Lou A", (await user.GetStateAtVersion(2)).Name);
    }

    [Fact]
    public async Task a_deleted_stream_is_not_recreated_by_a_grain_that_had_seen_it()
    {
        var id = UserIds.New("deleted");
        var user = fixture.Grains.GetGrain<IUserGrain>(id);
        var key = RawLog.UserStreamKey(id);
        await user.Create("Del");
        await user.Rename("Del A");

        await fixture.Db.KeyDeleteAsync(key);
        var lost = await Assert.ThrowsAsync<EventStoreLostEventsException>(() => user.Rename("Del B"));

        Assert.Equal(0, lost.LogVersion);
        Assert.False(await fixture.Db.KeyExistsAsync(key));
        var error = await Assert.ThrowsAsync<UserCommandException>(() => user.Rename("Del B"));
        Assert.Equal(UserErrorCode.UserNotFound, error.Code);
        Assert.Equal(0, (await user.GetState()).Version);
    }

    private async Task RestoreAsync(string key, StreamEntry[] entries)
    {
        await fixture.Db.KeyDeleteAsync(key);
        foreach (var e in entries) await fixture.Db.StreamAddAsync(key, e.Values, e.Id);
    }

    private async Task<string[]> VersionsAsync(string key) =>
        (await RawLog.EntriesAsync(fixture.Db, key)).Select(e => e["_version"]).ToArray();
}
