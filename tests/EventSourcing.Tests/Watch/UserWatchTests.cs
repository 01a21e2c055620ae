using EventSourcing.Tests.Infrastructure;
using Grains.Interfaces;
using RedisEventSourcing;
using RedisEventSourcing.Storage;
using StackExchange.Redis;

namespace EventSourcing.Tests.Watch;

[Collection(ClusterCollection.Name)]
public sealed class UserWatchTests(ClusterFixture fixture)
{
    private IClusterClient Client => fixture.Cluster.Client;

    [Fact]
    public async Task a_watch_shows_the_grains_events_and_a_foreign_xadd_in_log_order_as_they_are_appended()
    {
        var id = NewId("live");
        var user = fixture.Grains.GetGrain<IUserGrain>(id);
        await user.Create("Ann", "ann@example.com");
        await using var watch = await WatchProbe.SubscribeAsync(Client, id);

        var startsAfter = await watch.StartAsync();
        CommandMetadata.Set(commandId: "rename-ann-1");
        await user.Rename("Ann Smith");
        await user.ChangeAddress("1 Main St");
        await fixture.Db.StreamAddAsync(RawLog.UserStreamKey(id), Fields("type", "NameChanged", "id", id, "name", "Foreign Ann", "_version", "5"));
        // The grain meets the foreign entry as a conflict, reads it, and appends after it.
        await user.Deactivate("left");

        var items = await watch.FirstAsync(4);

        Assert.Equal(2, startsAfter);
        Assert.All(items, i => Assert.Equal(UserWatchItemKind.Event, i.Kind));
        Assert.Equal(["NameChanged", "AddressUpdated", "NameChanged", "UserDeactivated"], items.Select(i => i.Type));
        Assert.Equal([3, 4, 5, 6], items.Select(i => i.Version));
        Assert.Equal("rename-ann-1", items[0].Metadata["command_id"]);
        Assert.Equal("1 Main St", items[1].Payload["new_address"]);
        Assert.Equal("Foreign Ann", items[2].Payload["name"]);
        Assert.False(items[2].Metadata.ContainsKey("command_id"));
    }

    [Fact]
    public async Task a_watch_started_after_version_n_first_replays_the_later_events_then_goes_on_live()
    {
        var id = NewId("from");
        var user = fixture.Grains.GetGrain<IUserGrain>(id);
        await user.Create("Bo", "bo@example.com");
        await user.Rename("Bo Li");
        await user.ChangeAddress("2 Side St");
        await using var watch = await WatchProbe.SubscribeAsync(Client, id);

        Assert.Equal(2, await watch.StartAsync(afterVersion: 2));
        var replayed = await watch.FirstAsync(2);
        await user.ChangeEmail("bo@example.org");
        var items = await watch.FirstAsync(3);

        Assert.Equal([3, 4], replayed.Select(i => i.Version));
        Assert.Equal(["NameChanged", "AddressUpdated", "EmailUpdated"], items.Select(i => i.Type));
        Assert.Equal([3, 4, 5], items.Select(i => i.Version));
    }

    [Fact]
    public async Task a_second_watcher_catches_up_on_its_own_stream_and_the_first_sees_nothing_twice()
    {
        var id = NewId("second");
        var user = fixture.Grains.GetGrain<IUserGrain>(id);
        await user.Create("Cy");
        await using var first = await WatchProbe.SubscribeAsync(Client, id);
        await first.StartAsync();
        await user.Rename("Cy Two");
        await first.FirstAsync(1);

        await using var second = await WatchProbe.SubscribeAsync(Client, id);
        await second.StartAsync(afterVersion: 0);
        await user.Rename("Cy Three");
        var late = await second.FirstAsync(3);
        var early = await first.FirstAsync(2);

        Assert.Equal([1, 2, 3], late.Select(i => i.Version));
        Assert.Equal([2, 3], early.Select(i => i.Version));
        // Whatever arrives later, the first watcher never gets the second one's catch-up.
        Assert.Equal(2, first.Received.Count);
        Assert.Equal(2, (await WatchGrain(id).GetStatus()).Watches);
    }

    [Fact]
    public async Task a_malformed_entry_becomes_a_notice_with_the_reason_and_the_watch_goes_on()
    {
        var id = NewId("malformed");
        var user = fixture.Grains.GetGrain<IUserGrain>(id);
        await user.Create("Di");
        var key = RawLog.UserStreamKey(id);
        await using var watch = await WatchProbe.SubscribeAsync(Client, id);
        await watch.StartAsync();

        var garbage = await fixture.Db.StreamAddAsync(key, Fields("type", "UserTeleported", "id", id, "to", "Mars", "_version", "2"));
        await fixture.Db.StreamAddAsync(key, Fields("type", "NameChanged", "id", id, "name", "Di Back", "_version", "3"));
        var items = await watch.FirstAsync(2);

        Assert.Equal(UserWatchItemKind.Malformed, items[0].Kind);
        Assert.Equal(garbage.ToString(), items[0].EntryId);
        Assert.Contains("unknown event type 'UserTeleported'", items[0].Problem);
        Assert.Equal("Mars", items[0].Payload["to"]);
        Assert.Equal(UserWatchItemKind.Event, items[1].Kind);
        Assert.Equal((3, "NameChanged"), (items[1].Version, items[1].Type));
    }

    [Fact]
    public async Task a_cleared_stream_gives_a_cleared_notice_and_the_new_log_follows_from_version_1()
    {
        var id = NewId("cleared");
        var user = fixture.Grains.GetGrain<IUserGrain>(id);
        await user.Create("Ed", "ed@example.com");
        await using var watch = await WatchProbe.SubscribeAsync(Client, id);
        await watch.StartAsync();
        await user.Rename("Ed Old");
        await watch.FirstAsync(1);

        // What ClearLogAsync runs: the stream and snapshot deleted, a marker in the feed.
        var store = new EventStreamStore(fixture.EventStoreConnection);
        await store.ClearAsync(RawLog.UserStreamKey(id), RawLog.UserStreamKey(id).Replace(":user:", ":snap:user:"), RawLog.FeedKey(id));
        await fixture.Db.StreamAddAsync(RawLog.UserStreamKey(id), Fields("type", "UserCreated", "id", id, "name", "Ed New", "_version", "1"));
        var items = await watch.FirstAsync(3);

        Assert.Equal((UserWatchItemKind.Event, 3), (items[0].Kind, items[0].Version));
        Assert.Equal(UserWatchItemKind.Cleared, items[1].Kind);
        Assert.Equal(3, items[1].Version);
        Assert.Equal((UserWatchItemKind.Event, 1, "UserCreated"), (items[2].Kind, items[2].Version, items[2].Type));
        Assert.Equal("Ed New", items[2].Payload["name"]);
    }

    [Fact]
    public async Task a_watch_whose_lease_is_not_renewed_stops_tailing_and_must_be_started_again()
    {
        var id = NewId("lease");
        await fixture.Grains.GetGrain<IUserGrain>(id).Create("Flo");
        await using var watch = await WatchProbe.SubscribeAsync(Client, id);

        await watch.StartAsync(lease: TimeSpan.FromMilliseconds(300));
        var running = await watch.Grain.GetStatus();
        await Eventually.TrueAsync(async () => !(await watch.Grain.GetStatus()).Tailing, TimeSpan.FromSeconds(15), "the unrenewed watch stopping");

        Assert.Equal((true, 1, 1), (running.Tailing, running.Watches, running.Version));
        Assert.Equal(0, (await watch.Grain.GetStatus()).Watches);
        Assert.False(await watch.Grain.Renew(watch.WatchId, TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public async Task stopping_the_last_watch_stops_tailing_at_once()
    {
        var id = NewId("stop");
        await fixture.Grains.GetGrain<IUserGrain>(id).Create("Gus");
        await using var watch = await WatchProbe.SubscribeAsync(Client, id);
        await watch.StartAsync();

        Assert.True(await watch.Grain.Renew(watch.WatchId, TimeSpan.FromMinutes(1)));
        await watch.Grain.Stop(watch.WatchId);

        Assert.False((await watch.Grain.GetStatus()).Tailing);
    }

    private IUserWatchGrain WatchGrain(string id) => fixture.Grains.GetGrain<IUserWatchGrain>(id);

    private static string NewId(string test) => $"watch-{test}-{Guid.NewGuid():N}";

    private static NameValueEntry[] Fields(params string[] fields) =>
        Enumerable.Range(0, fields.Length / 2).Select(i => new NameValueEntry(fields[2 * i], fields[2 * i + 1])).ToArray();
}
