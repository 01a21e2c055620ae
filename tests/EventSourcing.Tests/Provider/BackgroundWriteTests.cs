using EventSourcing.Tests.Infrastructure;
using EventSourcing.Tests.Provider.TestGrains;
using RedisEventSourcing;

namespace EventSourcing.Tests.Provider;

[Collection(ClusterCollection.Name)]
public sealed class BackgroundWriteTests(ClusterFixture fixture)
{
    [Fact]
    public async Task an_event_raised_without_confirm_is_written_in_the_background_at_once()
    {
        var id = $"bg-{Guid.NewGuid():N}";
        var counter = fixture.Grains.GetGrain<ICounterGrain>(id);

        await counter.AddWithoutConfirm(5);
        await counter.AddWithoutConfirm(6);

        await Eventually.TrueAsync(async () => (await counter.Get()).Version == 2, TimeSpan.FromSeconds(10), "the background write");
        var entries = await RawLog.EntriesAsync(fixture.Db, CounterKey(id));
        Assert.Equal(["5", "6"], entries.Select(e => e["amount"]));
        Assert.Equal(["1", "2"], entries.Select(e => e["_version"]));
    }

    [Fact]
    public async Task more_raised_events_than_one_append_takes_are_written_in_several_appends_in_order()
    {
        var id = $"bgmany-{Guid.NewGuid():N}";
        var counter = fixture.Grains.GetGrain<ICounterGrain>(id);

        var version = await counter.AddMany(2_500);

        Assert.Equal(2_500, version);
        var versions = (await RawLog.EntriesAsync(fixture.Db, CounterKey(id))).Select(e => int.Parse(e["_version"]));
        Assert.Equal(Enumerable.Range(1, 2_500), versions);
    }

    internal static string CounterKey(string id) => RawLog.UserStreamKey(id).Replace(":user:", ":counter:");
}

/// <summary>Runs against a private Redis these tests stop and restart (appends time out after 1 s).</summary>
[Collection(FaultClusterCollection.Name)]
public sealed class BackgroundWriteFaultTests(FaultClusterFixture fixture)
{
    [Fact]
    public async Task a_raised_event_that_cannot_be_written_is_retried_until_redis_is_back_and_lands_once()
    {
        var id = $"bgretry-{Guid.NewGuid():N}";
        var counter = fixture.Grains.GetGrain<ICounterGrain>(id);
        await Eventually.SucceedsAsync(() => counter.Add(1), TimeSpan.FromSeconds(30), "a first write");

        await fixture.Server!.StopAsync();
        try
        {
            await counter.AddWithoutConfirm(7);
            // JournaledGrain.State is the confirmed state: the raise is pending, not lost.
            Assert.Equal((1, 1), await counter.Get());
        }
        finally
        {
            await fixture.Server.RestartAsync();
        }

        await Eventually.TrueAsync(async () => (await counter.Get()).Version == 2, TimeSpan.FromSeconds(30), "the retried write");
        var entries = await RawLog.EntriesAsync(fixture.Db, BackgroundWriteTests.CounterKey(id));
        Assert.Equal(["1", "7"], entries.Select(e => e["amount"]));
        Assert.Equal(["1", "2"], entries.Select(e => e["_version"]));
    }

    [Fact]
    public async Task a_confirm_that_fails_reports_the_store_error_counts_the_dropped_event_and_it_is_never_written_later()
    {
        var id = $"bgconfirm-{Guid.NewGuid():N}";
        var counter = fixture.Grains.GetGrain<ICounterGrain>(id);
        await Eventually.SucceedsAsync(() => counter.Add(1), TimeSpan.FromSeconds(30), "a first write");
        using var dropped = new CounterProbe("es.events.dropped");

        await fixture.Server!.StopAsync();
        try
        {
            await Assert.ThrowsAnyAsync<EventStoreException>(() => counter.Add(9));
            Assert.True(dropped.Total >= 1, "the dropped event was not counted");
        }
        finally
        {
            await fixture.Server.RestartAsync();
        }

        var after = await Eventually.SucceedsAsync(() => counter.Add(100), TimeSpan.FromSeconds(30), "a write after the restart");
        Assert.Equal(101, after);
        var entries = await RawLog.EntriesAsync(fixture.Db, BackgroundWriteTests.CounterKey(id));
        Assert.Equal(["1", "100"], entries.Select(e => e["amount"]));
    }
}
