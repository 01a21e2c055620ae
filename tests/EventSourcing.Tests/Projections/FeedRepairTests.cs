using EventSourcing.Tests.Infrastructure;
using RedisEventSourcing.Projections.Operations;
using StackExchange.Redis;

namespace EventSourcing.Tests.Projections;

/// <summary>repair-feed's limits, over a key prefix of the test's own on the shared Redis.</summary>
[Collection(ClusterCollection.Name)]
public sealed class FeedRepairTests(ClusterFixture fixture)
{
    private readonly string _prefix = $"fr{Guid.NewGuid():N}";

    [Fact]
    public async Task entries_older_than_a_trimmed_feeds_oldest_entry_are_counted_as_unverifiable_and_not_resynced()
    {
        var old = $"{_prefix}:{{p00}}:user:old";
        var fresh = $"{_prefix}:{{p00}}:user:fresh";
        // Ids of long ago: in the same millisecond as the feed's entry they would not be older than it.
        await AddAsync(old, 1, "1-1");
        await AddAsync(old, 2, "1-2");
        // The feed's references to the entries above were trimmed away: its oldest entry is newer.
        await fixture.Db.StreamAddAsync(Feed, [new("_stream", $"{_prefix}:{{p00}}:user:other"), new("_id", "1-1"), new("_version", "1"), new("type", "UserCreated")]);
        var unreferenced = await AddAsync(fresh, 1);

        var result = await new FeedRepair(fixture.Multiplexer, _prefix, ["user"]).RepairAsync(0);

        Assert.Equal((2, 3L, 2L), (result.StreamsScanned, result.EntriesChecked, result.EntriesOlderThanFeed));
        Assert.Equal([fresh], result.RepairedStreams);
        var markers = (await RawLog.EntriesAsync(fixture.Db, Feed)).Where(e => e["type"] == "_resync").ToList();
        Assert.Equal([(fresh, unreferenced, "1")], markers.Select(m => (m["_stream"], m["_id"], m["_version"])));
    }

    private string Feed => $"{_prefix}:{{p00}}:feed";

    private async Task<string> AddAsync(string key, int version, string? id = null) =>
        (string)(await fixture.Db.StreamAddAsync(key, [new NameValueEntry("type", "NameChanged"), new("id", "x"), new("name", "n"), new("_version", version)], id ?? "*"))!;
}
