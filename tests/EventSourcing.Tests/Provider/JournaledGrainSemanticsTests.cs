using EventSourcing.Tests.Infrastructure;
using EventSourcing.Tests.Provider.TestGrains;
using StackExchange.Redis;

namespace EventSourcing.Tests.Provider;

[Collection(ClusterCollection.Name)]
public sealed class JournaledGrainSemanticsTests(ClusterFixture fixture)
{
    private static string CounterKey(string id) => RawLog.UserStreamKey(id).Replace(":user:", ":counter:");

    [Fact]
    public async Task another_grain_type_gets_its_own_category_in_the_same_partition_layout()
    {
        var id = UserIds();
        await fixture.Grains.GetGrain<ICounterGrain>(id).Add(2);

        var entries = await RawLog.EntriesAsync(fixture.Db, CounterKey(id));

        Assert.Single(entries);
        Assert.Equal("Added", entries[0]["type"]);
        Assert.Equal("2", entries[0]["amount"]);
        Assert.EndsWith("Z", entries[0]["at"]);
    }

    [Fact]
    public async Task raise_event_is_reapplied_on_the_new_state_after_a_conflict()
    {
        var id = UserIds();
        var counter = fixture.Grains.GetGrain<ICounterGrain>(id);
        await counter.Add(1);
        await fixture.Db.StreamAddAsync(CounterKey(id), [new("type", "Added"), new("amount", "10"), new("_version", "2")]);

        var total = await counter.Add(100);

        Assert.Equal(111, total);
        var entries = await RawLog.EntriesAsync(fixture.Db, CounterKey(id));
        Assert.Equal(["1", "10", "100"], entries.Select(e => e["amount"]));
        Assert.Equal(["1", "2", "3"], entries.Select(e => e["_version"]));
    }

    [Fact]
    public async Task raise_conditional_event_returns_false_when_the_stream_moved_and_appends_nothing()
    {
        var id = UserIds();
        var counter = fixture.Grains.GetGrain<ICounterGrain>(id);
        await counter.Add(1);
        await fixture.Db.StreamAddAsync(CounterKey(id), [new("type", "Added"), new("amount", "10"), new("_version", "2")]);

        Assert.False(await counter.TryAdd(5));
        Assert.Equal((11, 2), await counter.Get());
        Assert.True(await counter.TryAdd(5));
        Assert.Equal((16, 3), await counter.Get());
        Assert.Equal(3, (await RawLog.EntriesAsync(fixture.Db, CounterKey(id))).Count);
    }

    [Fact]
    public async Task retrieve_confirmed_events_returns_the_half_open_version_range_across_pages()
    {
        var id = UserIds();
        var counter = fixture.Grains.GetGrain<ICounterGrain>(id);
        for (var i = 1; i <= 12; i++) await counter.Add(i);

        Assert.Equal([1, 2, 3], await counter.Events(0, 3));
        Assert.Equal([4, 5, 6, 7, 8, 9, 10, 11, 12], await counter.Events(3, 12));
        Assert.Empty(await counter.Events(5, 5));
    }

    [Fact]
    public async Task refresh_now_picks_up_entries_appended_by_another_program()
    {
        var id = UserIds();
        var counter = fixture.Grains.GetGrain<ICounterGrain>(id);
        await counter.Add(1);
        await fixture.Db.StreamAddAsync(CounterKey(id), [new("type", "Added"), new("amount", "41"), new("_version", "2")]);

        await counter.Refresh();

        Assert.Equal((42, 2), await counter.Get());
    }

    private static string UserIds() => $"counter-{Guid.NewGuid():N}";
}
