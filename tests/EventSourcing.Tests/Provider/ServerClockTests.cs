using EventSourcing.Tests.Infrastructure;
using EventSourcing.Tests.Provider.TestGrains;
using RedisEventSourcing;

namespace EventSourcing.Tests.Provider;

/// <summary>
/// Append deadlines are in the server's clock, estimated from an offset measured at connect. After
/// a failover to another host or an NTP step that offset is wrong in either direction.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ServerClockTests(ClusterFixture fixture)
{
    [Fact]
    public async Task appends_refused_because_the_clock_offset_went_stale_measure_it_again_and_land()
    {
        var connection = fixture.EventStoreConnection;
        var measured = connection.ServerClockOffsetMs;
        var id = $"clock-{Guid.NewGuid():N}";
        var counter = fixture.Grains.GetGrain<ICounterGrain>(id);
        try
        {
            // As if the server had been an hour ahead at connect and is not now: every deadline is an hour past.
            connection.ServerClockOffsetMs = measured - 3_600_000;

            var total = await counter.Add(7);

            Assert.Equal(7, total);
            Assert.InRange(connection.ServerClockOffsetMs, measured - 2_000, measured + 2_000);
        }
        finally
        {
            connection.ServerClockOffsetMs = measured;
        }
    }
}

/// <summary>Runs against a private Redis these tests pause (appends time out after 1 s).</summary>
[Collection(FaultClusterCollection.Name)]
public sealed class ServerClockOutcomeTests(FaultClusterFixture fixture)
{
    [Fact]
    public async Task what_the_caller_hears_matches_the_log_even_when_the_clock_offset_overestimates_the_server()
    {
        var connection = fixture.EventStoreConnection;
        var measured = connection.ServerClockOffsetMs;
        var id = $"clockahead-{Guid.NewGuid():N}";
        var counter = fixture.Grains.GetGrain<ICounterGrain>(id);
        await counter.Add(1);
        // The latest deadline the append below can carry, in the server's real time.
        var latestDeadline = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + measured + 5_000 + 1_000 + 500;
        EventStoreException? error = null;
        try
        {
            // Deadlines now fall 5 s later in the server's real time than the grain believes.
            connection.ServerClockOffsetMs = measured + 5_000;
            await fixture.Db.ExecuteAsync("CLIENT", "PAUSE", "2500", "WRITE");
            try
            {
                await counter.Add(10);
            }
            catch (EventStoreException e)
            {
                error = e;
            }
        }
        finally
        {
            connection.ServerClockOffsetMs = measured;
        }

        // Whatever the caller heard must be what the log says once the script can no longer run.
        await fixture.Db.ExecuteAsync("CLIENT", "UNPAUSE");
        await connection.WaitUntilServerTimePassesAsync(latestDeadline);
        var key = RawLog.UserStreamKey(id).Replace(":user:", ":counter:");
        var amounts = (await RawLog.EntriesAsync(fixture.Db, key)).Select(e => e["amount"]).ToArray();
        switch (error)
        {
            case null: Assert.Equal(["1", "10"], amounts); break;
            case EventStoreOutcomeUnknownException: Assert.Contains(amounts, a => a == "1"); break;
            default: Assert.Equal(["1"], amounts); break;
        }
    }
}
