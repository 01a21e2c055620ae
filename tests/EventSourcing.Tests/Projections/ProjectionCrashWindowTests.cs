using EventSourcing.Tests.Infrastructure;
using EventSourcing.Tests.Users;
using Grains.Interfaces;
using ReadModels.Redis;
using RedisEventSourcing.Projections;

namespace EventSourcing.Tests.Projections;

/// <summary>
/// Apply and checkpoint commit in one script, so the crash windows left are just before that
/// commit and just after it (before the delivery is acknowledged). A worker killed in either, then
/// restarted from the checkpoints (a new projector, as <see cref="FeedCatchUp"/> makes per run),
/// leaves the model exact and applies each entry once.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ProjectionCrashWindowTests(ClusterFixture fixture)
{
    private const int Crashes = 5;
    private const int PageSize = 3;

    [Fact]
    public async Task a_worker_killed_after_its_commit_and_restarted_leaves_the_model_exact_and_applies_nothing_twice()
    {
        var ids = await WriteUsersAsync("crash-after");
        var model = Model();
        var crashing = new CrashingProjection(model, CrashPoint.AfterCommit, Crashes, e => ids.Contains(e.AggregateId));

        await RunUntilDoneAsync(crashing, async crash =>
        {
            // The batch is in: the checkpoint covers it, and each of its users' rows shows its last event.
            Assert.Equal(crash.Checkpoint, await model.ReadCheckpointAsync(crash.Partition));
            foreach (var last in crash.Events.Where(e => ids.Contains(e.AggregateId)).GroupBy(e => e.AggregateId).Select(g => g.Last()))
                Assert.Equal(last.Reference.Version, (await model.GetAsync(last.AggregateId))?.Version);
        });

        await AssertEachEntryCommittedOnceAsync(crashing, ids);
        await AssertExactAsync(model, ids);
    }

    [Fact]
    public async Task a_worker_killed_before_its_commit_leaves_rows_and_checkpoint_unchanged_and_the_restart_applies_everything_once()
    {
        var ids = await WriteUsersAsync("crash-before");
        var model = Model();
        var crashing = new CrashingProjection(model, CrashPoint.BeforeCommit, Crashes, e => ids.Contains(e.AggregateId));

        await RunUntilDoneAsync(crashing, async crash =>
        {
            // Nothing of the batch is in: the checkpoint is where it was, no row shows any of its events.
            Assert.Equal(crash.CheckpointBefore, await model.ReadCheckpointAsync(crash.Partition));
            foreach (var first in crash.Events.Where(e => ids.Contains(e.AggregateId)).GroupBy(e => e.AggregateId).Select(g => g.First()))
            {
                var row = await model.GetAsync(first.AggregateId);
                Assert.True(row is null || row.Version < first.Reference.Version,
                    $"{first.AggregateId} shows version {first.Reference.Version} of a batch that never committed");
            }
        });

        await AssertEachEntryCommittedOnceAsync(crashing, ids);
        await AssertExactAsync(model, ids);
    }

    private RedisUserReadModel Model() => new(fixture.Multiplexer, new RedisUserReadModelOptions { Name = $"crash-{Guid.NewGuid():N}" });

    /// <summary>Runs the catch-up as a worker restarted after each kill would, checking the store after every kill.</summary>
    private async Task RunUntilDoneAsync(CrashingProjection crashing, Func<CrashedApply, Task> afterCrash)
    {
        var catchUp = new FeedCatchUp(fixture.Multiplexer, crashing);
        for (var run = 1; ; run++)
        {
            try
            {
                await catchUp.RunAsync(PageSize);
                break;
            }
            catch (WorkerKilledException)
            {
                Assert.Equal(run, crashing.Crashed.Count);
                await afterCrash(crashing.Crashed[^1]);
            }
        }
        Assert.Equal(Crashes, crashing.Crashed.Count);
    }

    private async Task<HashSet<string>> WriteUsersAsync(string test)
    {
        var ids = Enumerable.Range(0, 10).Select(_ => UserIds.New(test)).ToHashSet();
        await Task.WhenAll(ids.Select(async (id, i) =>
        {
            var user = fixture.Grains.GetGrain<IUserGrain>(id);
            await user.Create($"Crash {i}", $"{id}@example.com");
            await user.ChangeAddress($"{i} Window Lane");
            await user.Rename($"Crashed {i}");
            await user.ChangeEmail($"{i}.{id}@example.org");
            if (i % 3 == 0) await user.Deactivate("crash tested");
        }));
        return ids;
    }

    /// <summary>Every feed entry of the test's users reached the real model exactly once, across every kill and restart.</summary>
    private async Task AssertEachEntryCommittedOnceAsync(CrashingProjection crashing, HashSet<string> ids)
    {
        var keys = ids.Select(id => RawLog.UserStreamKey(id)).ToHashSet();
        var expected = new List<FeedReference>();
        for (var p = 0; p < FeedCatchUp.Partitions; p++) expected.AddRange(await RawFeed.ReferencesAsync(fixture.Db, "es", p, keys.Contains));

        Assert.Equal(crashing.Committed.Count, crashing.Committed.Distinct().Count());
        Assert.Equal(expected, crashing.Committed.Where(r => keys.Contains(r.StreamKey)).OrderBy(r => r.Partition));
    }

    private async Task AssertExactAsync(RedisUserReadModel model, HashSet<string> ids)
    {
        for (var p = 0; p < FeedCatchUp.Partitions; p++)
        {
            var last = await fixture.Db.StreamRangeAsync($"es:{{p{p:D2}}}:feed", "-", "+", 1, StackExchange.Redis.Order.Descending);
            Assert.Equal(last.Length == 0 ? null : last[0].Id.ToString(), await model.ReadCheckpointAsync(p));
        }
        foreach (var id in ids)
        {
            var state = await fixture.Grains.GetGrain<IUserGrain>(id).GetState();
            var row = await model.GetAsync(id);
            Assert.NotNull(row);
            Assert.Equal((state.Name, state.Email, state.Address, state.Deactivated, state.Version),
                (row.Name, row.Email, row.Address, row.Deactivated, row.Version));
            Assert.Equal(id, (await model.FindByEmailAsync(state.Email!))?.Id);
        }
    }
}
