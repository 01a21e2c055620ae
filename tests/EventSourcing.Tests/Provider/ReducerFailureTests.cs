using EventSourcing.Tests.Infrastructure;
using EventSourcing.Tests.Provider.TestGrains;
using RedisEventSourcing;

namespace EventSourcing.Tests.Provider;

[Collection(ClusterCollection.Name)]
public sealed class ReducerFailureTests(ClusterFixture fixture)
{
    [Fact]
    public async Task a_reducer_that_throws_after_the_append_reports_success_and_the_grain_then_refuses_to_serve_a_view_that_is_not_the_log()
    {
        var id = $"faulty-{Guid.NewGuid():N}";
        var grain = fixture.Grains.GetGrain<IFaultyReducerGrain>(id);
        await grain.Add(5);

        // The event is in the log: its caller must hear that it landed, not that it failed.
        await grain.Trip();

        var entries = await RawLog.EntriesAsync(fixture.Db, RawLog.UserStreamKey(id).Replace(":user:", ":faultyreducer:"));
        Assert.Equal(["Added", "Tripped"], entries.Select(e => e["type"]));
        // The view is no longer a fold of the log: the grain rebuilds it, and the replay names the entry.
        var error = await Eventually.SucceedsAsync(
            async () => await Assert.ThrowsAsync<EventStreamCorruptException>(() => grain.Get()),
            TimeSpan.FromSeconds(10), "the grain to rebuild its view");
        Assert.Equal(entries[1]["@id"], error.EntryId);
        Assert.Contains("reducer", error.Message);
    }
}
