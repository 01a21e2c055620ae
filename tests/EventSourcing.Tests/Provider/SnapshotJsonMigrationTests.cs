using EventSourcing.Tests.Infrastructure;
using EventSourcing.Tests.Provider.TestGrains;
using StackExchange.Redis;

namespace EventSourcing.Tests.Provider;

/// <summary>Snapshot state is snake_case JSON now; a snapshot an older release wrote with C# names still starts a grain.</summary>
[Collection(ClusterCollection.Name)]
public sealed class SnapshotJsonMigrationTests(ClusterFixture fixture)
{
    [Fact]
    public async Task a_snapshot_is_written_in_snake_case_and_one_written_with_csharp_names_still_reads()
    {
        var id = $"notes-{Guid.NewGuid():N}";
        var notes = fixture.Grains.GetGrain<INotesGrain>(id);
        var snapshotKey = RawLog.UserStreamKey(id).Replace(":user:", ":snap:notes:");
        await notes.Add("from the log");
        await fixture.DeactivateAllAsync();
        Assert.Equal("""{"texts":["from the log"]}""", (string?)await fixture.Db.HashGetAsync(snapshotKey, "state"));

        // A state the log cannot produce: seeing it proves the grain started from this snapshot.
        await fixture.Db.HashSetAsync(snapshotKey, [new HashEntry("state", """{"Texts":["from an old snapshot"]}""")]);

        Assert.Equal(["from an old snapshot"], await notes.Texts());
    }
}
