using EventSourcing.Tests.Infrastructure;
using EventSourcing.Tests.Provider.TestGrains;
using RedisEventSourcing;

namespace EventSourcing.Tests.Provider;

/// <summary>Runs against a private Redis these tests pause (appends time out after 1 s).</summary>
[Collection(FaultClusterCollection.Name)]
public sealed class ReentrantWriteFailureTests(FaultClusterFixture fixture)
{
    [Fact]
    public async Task when_one_callers_write_fails_a_reentrant_callers_confirm_whose_event_it_dropped_fails_too()
    {
        var id = $"reentrant-{Guid.NewGuid():N}";
        var counter = fixture.Grains.GetGrain<IReentrantCounterGrain>(id);
        await counter.Add(1);

        // Writes queue up on the server: A's append is sent and gets no answer; B raises meanwhile
        // and waits for A's write to finish before confirming.
        await fixture.Db.ExecuteAsync("CLIENT", "PAUSE", "3000", "WRITE");
        Task<int> a, b;
        try
        {
            a = counter.Add(10);
            b = counter.Add(100);
            await Task.WhenAll(Record(a), Record(b));
        }
        finally
        {
            await fixture.Db.ExecuteAsync("CLIENT", "UNPAUSE");
        }

        var errorA = await Assert.ThrowsAnyAsync<EventStoreException>(() => a);
        var errorB = await Assert.ThrowsAnyAsync<EventStoreException>(() => b);
        Assert.True(errorA is EventStoreUnavailableException or EventStoreOutcomeUnknownException, errorA.GetType().Name);
        Assert.Equal(errorA.GetType(), errorB.GetType());
        var after = await Eventually.SucceedsAsync(() => counter.Add(1000), TimeSpan.FromSeconds(10), "write after the pause");
        var entries = await RawLog.EntriesAsync(fixture.Db, RawLog.UserStreamKey(id).Replace(":user:", ":reentrantcounter:"));
        Assert.Equal(["1", "1000"], entries.Select(e => e["amount"]));
        Assert.Equal(1001, after);
    }

    private static async Task Record(Task task)
    {
        try { await task; } catch (EventStoreException) { }
    }
}
