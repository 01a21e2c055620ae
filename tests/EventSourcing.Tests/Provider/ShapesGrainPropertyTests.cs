using CsCheck;
using EventSourcing.Tests.Infrastructure;
using EventSourcing.Tests.Provider.TestGrains;
using EventSourcing.Tests.Serialization;

namespace EventSourcing.Tests.Provider;

/// <summary>
/// For generated events of every shape, a grain's state is the same after raising them, after
/// starting from a snapshot and after replaying the whole stream (compared as canonical JSON:
/// records holding collections compare them by reference).
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ShapesGrainPropertyTests(ClusterFixture fixture)
{
    [Fact]
    public async Task state_after_raising_after_a_snapshot_load_and_after_a_full_replay_is_the_same()
    {
        var histories = ShapeGenerators.AnyEvent.List[ClusterFixture.SnapshotEvery, ClusterFixture.SnapshotEvery + 6];

        await histories.SampleAsync(async events =>
        {
            var id = $"shapes-{Guid.NewGuid():N}";
            var grain = fixture.Grains.GetGrain<IShapesGrain>(id);
            var snapshotKey = RawLog.UserStreamKey(id).Replace(":user:", ":snap:shapes:");
            var expected = new ShapesState();
            foreach (var e in events) expected.Apply(e);

            Assert.Equal(ClusterFixture.SnapshotEvery, await grain.Raise(events[..ClusterFixture.SnapshotEvery]));
            Assert.Equal(events.Count, await grain.Raise(events[ClusterFixture.SnapshotEvery..]));
            var afterRaise = await grain.CanonicalState();
            await fixture.DeactivateAllAsync();
            Assert.Equal(events.Count, (int)await fixture.Db.HashGetAsync(snapshotKey, "version"));
            var fromSnapshot = await grain.CanonicalState();
            await fixture.DeactivateAllAsync();
            await fixture.Db.KeyDeleteAsync(snapshotKey);
            var fullReplay = await grain.CanonicalState();

            Assert.Equal(CanonicalJson.Of(expected), afterRaise);
            Assert.Equal(afterRaise, fromSnapshot);
            Assert.Equal(afterRaise, fullReplay);
        }, iter: 12, threads: 1, print: events => string.Join('\n', events.Select(CanonicalJson.Of)));
    }
}
