using EventSourcing.Tests.Infrastructure;
using EventSourcing.Tests.Provider.TestGrains;

namespace EventSourcing.Tests.Provider;

[Collection(ClusterCollection.Name)]
public sealed class NonNullablePropertyGrainTests(ClusterFixture fixture)
{
    [Fact]
    public async Task an_event_with_a_null_in_a_non_nullable_property_fails_the_call_appends_nothing_and_the_grain_keeps_working()
    {
        var id = $"notes-{Guid.NewGuid():N}";
        var notes = fixture.Grains.GetGrain<INotesGrain>(id);
        var key = RawLog.UserStreamKey(id).Replace(":user:", ":notes:");

        var error = await Assert.ThrowsAsync<ArgumentException>(() => notes.Add(null));

        Assert.Contains("NoteAdded", error.Message);
        Assert.Contains("Text", error.Message);
        Assert.False(await fixture.Db.KeyExistsAsync(key));
        Assert.Equal(1, await notes.Add("first"));
        await fixture.DeactivateAllAsync();
        Assert.Equal(["first"], await notes.Texts());
        Assert.Equal(["first"], (await RawLog.EntriesAsync(fixture.Db, key)).Select(e => e["text"]));
    }
}
