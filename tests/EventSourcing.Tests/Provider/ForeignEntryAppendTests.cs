using EventSourcing.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using RedisEventSourcing.Options;
using RedisEventSourcing.Storage;
using StackExchange.Redis;

namespace EventSourcing.Tests.Provider;

/// <summary>
/// The append script's verify flag: a writer that did not write its last entry itself has the
/// script check the feed refers to it, and a plain XADD's entry (no reference) gets a _resync
/// marker before the batch's references. Feeds are read back with XRANGE.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ForeignEntryAppendTests(ClusterFixture fixture)
{
    [Fact]
    public async Task verifying_a_last_entry_the_feed_refers_to_writes_no_marker()
    {
        var (store, keys) = Store();
        var stream = $"{keys.Prefix}:{{p03}}:user:referenced";
        var first = (await store.AppendManyAsync([Request(stream, 0, null, false, 1)]))[0].EntryIds[0];

        var result = (await store.AppendManyAsync([Request(stream, 1, first, true, 2)]))[0];

        Assert.Equal(AppendStatus.Appended, result.Status);
        var feed = await RawLog.EntriesAsync(fixture.Db, keys.Feed(3));
        Assert.Equal(["NameChanged", "NameChanged"], feed.Select(e => e["type"]));
        Assert.Equal([first, result.EntryIds[0]], feed.Select(e => e["_id"]));
    }

    [Fact]
    public async Task verifying_a_plain_xadd_entry_writes_one_resync_marker_naming_it_before_the_batch_references()
    {
        var (store, keys) = Store();
        var stream = $"{keys.Prefix}:{{p04}}:user:foreign";
        var other = $"{keys.Prefix}:{{p04}}:user:neighbour";
        var first = (await store.AppendManyAsync([Request(stream, 0, null, false, 1)]))[0].EntryIds[0];
        var foreign = (string)(await fixture.Db.StreamAddAsync(stream,
            [new NameValueEntry("type", "NameChanged"), new("id", "x"), new("name", "from elsewhere"), new("_version", "2")]))!;

        // The neighbour's flag is off: the trailing flags line up with their streams.
        var results = await store.AppendManyAsync([Request(other, 0, null, false, 1), Request(stream, 2, foreign, true, 3, 4)]);

        Assert.All(results, r => Assert.Equal(AppendStatus.Appended, r.Status));
        var feed = (await RawLog.EntriesAsync(fixture.Db, keys.Feed(4))).Where(e => e["_stream"] == stream).ToList();
        Assert.Equal(["NameChanged", "_resync", "NameChanged", "NameChanged"], feed.Select(e => e["type"]));
        Assert.Equal([first, foreign, .. results[1].EntryIds], feed.Select(e => e["_id"]));
        Assert.Equal(["1", "2", "3", "4"], feed.Select(e => e["_version"]));
        Assert.Equal(["_stream", "_id", "_version", "type"], Fields(await fixture.Db.StreamRangeAsync(keys.Feed(4)), "_resync"));

        // The entry is now covered by the next write's own reference: verifying it again adds nothing.
        var next = (await store.AppendManyAsync([Request(stream, 4, results[1].EntryIds[^1], true, 5)]))[0];
        Assert.Equal(AppendStatus.Appended, next.Status);
        Assert.Single(await RawLog.EntriesAsync(fixture.Db, keys.Feed(4)), e => e["type"] == "_resync");
    }

    [Fact]
    public async Task a_refused_batch_writes_no_marker_even_when_its_last_entry_is_foreign()
    {
        var (store, keys) = Store();
        var stream = $"{keys.Prefix}:{{p05}}:user:refused";
        var first = (await store.AppendManyAsync([Request(stream, 0, null, false, 1)]))[0].EntryIds[0];
        await fixture.Db.StreamAddAsync(stream, [new NameValueEntry("type", "NameChanged"), new("id", "x"), new("name", "y"), new("_version", "2")]);

        // Stale: it saw version 1 only.
        var result = (await store.AppendManyAsync([Request(stream, 1, first, true, 2)]))[0];

        Assert.Equal(AppendStatus.Conflict, result.Status);
        Assert.DoesNotContain(await RawLog.EntriesAsync(fixture.Db, keys.Feed(5)), e => e["type"] == "_resync");
    }

    private static string[] Fields(StreamEntry[] entries, string type) =>
        entries.First(e => e["type"] == type).Values.Select(v => v.Name.ToString()).ToArray();

    /// <summary>"prefix:{p03}:user:a" → "prefix:{p03}:feed".</summary>
    private static string FeedOf(string stream) => stream[..(stream.IndexOf("}:", StringComparison.Ordinal) + 2)] + "feed";

    private (EventStreamStore, StreamKeys) Store()
    {
        var options = new RedisStreamsLogOptions
        {
            CreateMultiplexer = _ => Task.FromResult<(IConnectionMultiplexer, bool)>((fixture.Multiplexer, true)),
            KeyPrefix = $"foreign{Guid.NewGuid():N}",
        };
        var connection = new RedisStreamsConnection("foreign", options, NullLogger<RedisStreamsConnection>.Instance);
        return (new EventStreamStore(connection), connection.Keys);
    }

    private static AppendRequest Request(string stream, int expected, string? lastEntryId, bool verify, params int[] versions) =>
        new(stream, FeedOf(stream), expected, lastEntryId, versions.Select(v => new List<KeyValuePair<string, string>>
        {
            new("type", "NameChanged"), new("id", "x"), new("name", "n"), new("_version", v.ToString()),
        }).ToList(), DeadlineServerMs: 0, VerifyLastEntry: verify);
}
