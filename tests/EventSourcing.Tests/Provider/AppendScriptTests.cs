using EventSourcing.Tests.Infrastructure;
using Grains.Interfaces;
using Microsoft.Extensions.Logging.Abstractions;
using RedisEventSourcing.Options;
using RedisEventSourcing.Storage;
using StackExchange.Redis;

namespace EventSourcing.Tests.Provider;

/// <summary>The append script against a real Redis, through the store the adaptor uses.</summary>
[Collection(ClusterCollection.Name)]
public sealed class AppendScriptTests(ClusterFixture fixture)
{
    [Fact]
    public async Task one_call_appends_for_several_streams_each_at_its_own_expected_version()
    {
        var (store, keys) = Store();
        var feed = keys.Feed(3);
        var a = $"{keys.Prefix}:{{p03}}:user:a";
        var b = $"{keys.Prefix}:{{p03}}:user:b";
        var c = $"{keys.Prefix}:{{p03}}:user:c";
        await store.AppendManyAsync([Request(b, 0, 1)]);

        var results = await store.AppendManyAsync([Request(a, 0, 1, 2), Request(b, 0, 1), Request(c, 0, 1)]);

        Assert.Equal([AppendStatus.Appended, AppendStatus.Conflict, AppendStatus.Appended], results.Select(r => r.Status));
        Assert.Equal(2, results[0].EntryIds.Length);
        Assert.Equal(1, results[1].CurrentVersion);
        Assert.Equal(2, await fixture.Db.StreamLengthAsync(a));
        Assert.Equal(1, await fixture.Db.StreamLengthAsync(b));
        Assert.Equal(4, await fixture.Db.StreamLengthAsync(feed));
    }

    [Fact]
    public async Task an_append_after_redis_forgot_its_scripts_loads_the_script_again_and_lands_once()
    {
        var (store, keys) = Store();
        var stream = $"{keys.Prefix}:{{p02}}:user:flushed";
        await store.AppendManyAsync([Request(stream, 0, 1)]);

        await fixture.Db.ExecuteAsync("SCRIPT", "FLUSH");
        var results = await store.AppendManyAsync([Request(stream, 1, 2)]);

        Assert.Equal(AppendStatus.Appended, results[0].Status);
        Assert.Equal(2, await fixture.Db.StreamLengthAsync(stream));
    }

    [Fact]
    public async Task a_batch_past_its_deadline_is_refused_by_the_server_and_writes_nothing()
    {
        var (store, keys) = Store();
        var stream = $"{keys.Prefix}:{{p01}}:user:late";

        var results = await store.AppendManyAsync([Request(stream, 0, 1) with { DeadlineServerMs = 1 }]);

        Assert.Equal(AppendStatus.Expired, results[0].Status);
        Assert.False(await fixture.Db.KeyExistsAsync(stream));
        Assert.False(await fixture.Db.KeyExistsAsync(keys.Feed(1)));
    }

    [Fact]
    public async Task a_writer_that_names_its_last_entry_appends_only_if_nothing_follows_it()
    {
        var (store, keys) = Store();
        var stream = $"{keys.Prefix}:{{p04}}:user:after";
        var first = (await store.AppendManyAsync([Request(stream, 0, 1)]))[0].EntryIds[0];
        var second = (await store.AppendManyAsync([RequestAfter(stream, 1, first, 2)]))[0];
        Assert.Equal(AppendStatus.Appended, second.Status);

        // A stale writer (it saw only version 1) is refused and told the current version.
        var stale = (await store.AppendManyAsync([RequestAfter(stream, 1, first, 2)]))[0];

        Assert.Equal(AppendStatus.Conflict, stale.Status);
        Assert.Equal(2, stale.CurrentVersion);
        Assert.Equal(["1", "2"], (await RawLog.EntriesAsync(fixture.Db, stream)).Select(e => e["_version"]));
    }

    [Fact]
    public async Task the_check_does_not_depend_on_the_stream_length_so_a_trimmed_stream_still_takes_appends()
    {
        var (store, keys) = Store();
        var stream = $"{keys.Prefix}:{{p05}}:user:trimmed";
        var ids = (await store.AppendManyAsync([Request(stream, 0, 1, 2, 3)]))[0].EntryIds;
        await fixture.Db.StreamTrimAsync(stream, maxLength: 1);

        var next = (await store.AppendManyAsync([RequestAfter(stream, 3, ids[^1], 4)]))[0];

        Assert.Equal(AppendStatus.Appended, next.Status);
        Assert.Equal(["3", "4"], (await RawLog.EntriesAsync(fixture.Db, stream)).Select(e => e["_version"]));
    }

    [Fact]
    public async Task a_foreign_entry_without_a_version_after_the_writers_last_entry_is_reported_not_built_upon()
    {
        var (store, keys) = Store();
        var stream = $"{keys.Prefix}:{{p06}}:user:foreign";
        var first = (await store.AppendManyAsync([Request(stream, 0, 1)]))[0].EntryIds[0];
        var foreign = (string)(await fixture.Db.StreamAddAsync(stream, [new NameValueEntry("type", "NameChanged"), new NameValueEntry("name", "x")]))!;

        var result = (await store.AppendManyAsync([RequestAfter(stream, 1, first, 2)]))[0];

        Assert.Equal(AppendStatus.LastEntryHasNoVersion, result.Status);
        Assert.Equal(foreign, result.Detail);
        Assert.Equal(2, await fixture.Db.StreamLengthAsync(stream));
    }

    [Fact]
    public async Task a_writer_whose_last_entry_is_gone_from_the_stream_is_told_the_log_lost_it_and_appends_nothing()
    {
        var (store, keys) = Store();
        var stream = $"{keys.Prefix}:{{p04}}:user:losttail";
        var ids = (await store.AppendManyAsync([Request(stream, 0, 1, 2, 3)]))[0].EntryIds;
        await fixture.Db.StreamDeleteAsync(stream, [ids[2]]);

        var result = (await store.AppendManyAsync([RequestAfter(stream, 3, ids[2], 4)]))[0];

        Assert.Equal(AppendStatus.Lost, result.Status);
        Assert.Equal(2, result.CurrentVersion);
        Assert.Equal(["1", "2"], (await RawLog.EntriesAsync(fixture.Db, stream)).Select(e => e["_version"]));
    }

    [Fact]
    public async Task a_writer_whose_stream_was_deleted_is_told_the_log_lost_it_and_the_stream_is_not_recreated()
    {
        var (store, keys) = Store();
        var stream = $"{keys.Prefix}:{{p04}}:user:deleted";
        var ids = (await store.AppendManyAsync([Request(stream, 0, 1, 2)]))[0].EntryIds;
        await fixture.Db.KeyDeleteAsync(stream);

        var result = (await store.AppendManyAsync([RequestAfter(stream, 2, ids[1], 3)]))[0];

        Assert.Equal(AppendStatus.Lost, result.Status);
        Assert.Equal(0, result.CurrentVersion);
        Assert.False(await fixture.Db.KeyExistsAsync(stream));
    }

    [Fact]
    public async Task a_key_of_another_type_fails_only_its_own_stream_and_the_other_streams_of_the_call_are_written()
    {
        var (store, keys) = Store();
        var a = $"{keys.Prefix}:{{p10}}:user:a";
        var wrong = $"{keys.Prefix}:{{p10}}:user:wrongtype";
        var c = $"{keys.Prefix}:{{p10}}:user:c";
        var d = $"{keys.Prefix}:{{p11}}:user:d";
        await fixture.Db.StringSetAsync(wrong, "not a stream");
        await fixture.Db.StringSetAsync(keys.Feed(11), "not a stream either");

        var results = await store.AppendManyAsync([Request(a, 0, 1), Request(wrong, 0, 1), Request(c, 0, 1), Request(d, 0, 1)]);

        Assert.Equal([AppendStatus.Appended, AppendStatus.Error, AppendStatus.Appended, AppendStatus.Error], results.Select(r => r.Status));
        Assert.Contains("WRONGTYPE", results[1].Detail);
        Assert.Contains(keys.Feed(11), results[3].Detail);
        Assert.Equal(1, await fixture.Db.StreamLengthAsync(a));
        Assert.Equal(1, await fixture.Db.StreamLengthAsync(c));
        Assert.False(await fixture.Db.KeyExistsAsync(d));
        Assert.Equal(2, await fixture.Db.StreamLengthAsync(keys.Feed(10)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1000)]
    public async Task a_feed_of_another_type_leaves_an_existing_stream_exactly_as_it_was(int feedMaxLength)
    {
        var (store, keys) = Store(o => o.FeedMaxLength = feedMaxLength);
        var stream = $"{keys.Prefix}:{{p12}}:user:kept";
        var first = (await store.AppendManyAsync([Request(stream, 0, 1)]))[0].EntryIds[0];
        var feed = keys.Feed(12);
        await fixture.Db.KeyDeleteAsync(feed);
        await fixture.Db.HashSetAsync(feed, "not", "a stream");

        var withId = (await store.AppendManyAsync([RequestAfter(stream, 1, first, 2, 3)]))[0];
        var withoutId = (await store.AppendManyAsync([Request(stream, 1, 2)]))[0];

        Assert.All(new[] { withId, withoutId }, r => Assert.Equal(AppendStatus.Error, r.Status));
        Assert.All(new[] { withId, withoutId }, r => Assert.Contains(feed, r.Detail));
        Assert.Contains("WRONGTYPE", withId.Detail);
        var entries = await fixture.Db.StreamRangeAsync(stream);
        Assert.Equal([first], entries.Select(e => (string)e.Id!));
        Assert.Equal("a stream", await fixture.Db.HashGetAsync(feed, "not"));
        Assert.Equal(1, await fixture.Db.HashLengthAsync(feed));

        // The same stream appends again once the feed is a stream: nothing of the refused batches is left in the way.
        await fixture.Db.KeyDeleteAsync(feed);
        var retried = (await store.AppendManyAsync([RequestAfter(stream, 1, first, 2)]))[0];
        Assert.Equal(AppendStatus.Appended, retried.Status);
    }

    [Fact]
    public async Task feed_references_carry_each_events_stream_entry_version_and_type()
    {
        var (store, keys) = Store();
        var feed = keys.Feed(7);
        var stream = $"{keys.Prefix}:{{p07}}:user:feedref";
        var first = (await store.AppendManyAsync([Request(stream, 0, 1)]))[0].EntryIds[0];
        var ids = (await store.AppendManyAsync([RequestAfter(stream, 1, first, 2, 3)]))[0].EntryIds;

        var references = await RawLog.EntriesAsync(fixture.Db, feed);

        Assert.Equal(["1", "2", "3"], references.Select(r => r["_version"]));
        Assert.Equal([first, .. ids], references.Select(r => r["_id"]));
        Assert.All(references, r => Assert.Equal(stream, r["_stream"]));
        Assert.All(references, r => Assert.Equal("NameChanged", r["type"]));
    }

    [Fact]
    public async Task on_a_standalone_server_one_call_appends_to_streams_of_several_partitions_and_their_own_feeds()
    {
        var (store, keys) = Store();
        var a = $"{keys.Prefix}:{{p08}}:user:a";
        var b = $"{keys.Prefix}:{{p09}}:user:b";

        var results = await store.AppendManyAsync([Request(a, 0, 1), Request(b, 0, 1, 2)]);

        Assert.All(results, r => Assert.Equal(AppendStatus.Appended, r.Status));
        Assert.Equal(1, await fixture.Db.StreamLengthAsync(keys.Feed(8)));
        Assert.Equal(2, await fixture.Db.StreamLengthAsync(keys.Feed(9)));
        Assert.Equal(b, (await RawLog.EntriesAsync(fixture.Db, keys.Feed(9)))[0]["_stream"]);
    }

    [Theory]
    [InlineData(AppendGrouping.Auto, true)]
    [InlineData(AppendGrouping.PerPartition, false)]
    public async Task appends_are_grouped_across_partitions_only_where_the_server_allows_cross_slot_scripts(AppendGrouping grouping, bool spans)
    {
        var (store, _) = Store(o => o.AppendGrouping = grouping);

        await store.Connection.GetDatabaseAsync();

        Assert.Equal(spans, store.Connection.ScriptsMaySpanSlots);
    }

    [Fact]
    public async Task appends_that_arrive_while_a_call_is_in_flight_share_the_next_call()
    {
        var (store, keys) = Store(o => o.AppendCallsInFlight = 1);
        var largest = 0;
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "RedisEventSourcing" && instrument.Name == "es.append.streams_per_call") l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<int>((_, streams, _, _) => InterlockedMax(ref largest, streams));
        listener.Start();
        await store.Connection.GetDatabaseAsync();

        var streams = Enumerable.Range(0, 200).Select(i => $"{keys.Prefix}:{{p{i % 16:D2}}}:user:g{i}").ToList();
        var results = await Task.WhenAll(streams.Select(s => store.AppendAsync(Request(s, 0, 1))));

        Assert.All(results, r => Assert.Equal(AppendStatus.Appended, r.Status));
        Assert.True(largest > 1, $"every call carried one stream (largest {largest})");
        foreach (var s in streams) Assert.Equal(1, await fixture.Db.StreamLengthAsync(s));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        for (var current = Volatile.Read(ref target); value > current; current = Volatile.Read(ref target))
            if (Interlocked.CompareExchange(ref target, value, current) == current) return;
    }

    [Fact]
    public async Task many_users_of_one_partition_written_concurrently_keep_contiguous_versions()
    {
        var ids = Enumerable.Range(0, 400).Select(i => $"group-{Guid.NewGuid():N}").ToList();
        var users = ids.Select(id => fixture.Grains.GetGrain<IUserGrain>(id)).ToList();
        await Task.WhenAll(users.Select(u => u.Create("Group")));

        await Task.WhenAll(users.SelectMany(u => Enumerable.Range(0, 5).Select(i => u.ChangeAddress($"{i} Group St"))));

        foreach (var id in ids)
        {
            var entries = await RawLog.EntriesAsync(fixture.Db, RawLog.UserStreamKey(id));
            Assert.Equal(["1", "2", "3", "4", "5", "6"], entries.Select(e => e["_version"]));
        }
    }

    /// <summary>"prefix:{p03}:user:a" → "prefix:{p03}:feed".</summary>
    private static string FeedOf(string stream) => stream[..(stream.IndexOf("}:", StringComparison.Ordinal) + 2)] + "feed";

    private (EventStreamStore, StreamKeys) Store(Action<RedisStreamsLogOptions>? configure = null)
    {
        var options = new RedisStreamsLogOptions
        {
            CreateMultiplexer = _ => Task.FromResult<(IConnectionMultiplexer, bool)>((fixture.Multiplexer, true)),
            KeyPrefix = $"script{Guid.NewGuid():N}",
        };
        configure?.Invoke(options);
        var connection = new RedisStreamsConnection("script", options, NullLogger<RedisStreamsConnection>.Instance);
        return (new EventStreamStore(connection), connection.Keys);
    }

    private static AppendRequest Request(string stream, int expected, params int[] versions) => RequestAfter(stream, expected, null, versions);

    private static AppendRequest RequestAfter(string stream, int expected, string? lastEntryId, params int[] versions) =>
        new(stream, FeedOf(stream), expected, lastEntryId, versions.Select(v => new List<KeyValuePair<string, string>>
        {
            new("type", "NameChanged"), new("id", "x"), new("name", "n"), new("_version", v.ToString()),
        }).ToList(), DeadlineServerMs: 0);
}
