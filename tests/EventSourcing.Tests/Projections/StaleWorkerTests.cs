using EventSourcing.Tests.Infrastructure;
using EventSourcing.Tests.ReadModels;
using EventSourcing.Tests.Users;
using Grains.Interfaces;
using ReadModels.Redis;
using RedisEventSourcing.Projections.Running;

namespace EventSourcing.Tests.Projections;

/// <summary>
/// A worker its cluster thought dead (a paused silo, the killed one finishing a call) may still
/// apply one batch after the partition's new owner went past it. The commit must not take the
/// model back: the checkpoint stays where the new owner left it, and no row changes.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class StaleWorkerTests(ClusterFixture fixture)
{
    [Fact]
    public async Task a_stale_worker_applying_a_batch_the_new_owner_already_applied_moves_neither_the_checkpoint_nor_a_row_back()
    {
        var partition = RawFeed.PartitionOf(UserIds.New("stale"));
        var ids = Enumerable.Range(0, 3).Select(_ => RawFeed.IdInPartition("stale", partition)).ToList();
        foreach (var id in ids)
        {
            var user = fixture.Grains.GetGrain<IUserGrain>(id);
            await user.Create("Stale", $"{id}@example.com");
            await user.Rename("Stale Renamed");
        }
        var model = Model();
        var catchUp = new FeedCatchUp(fixture.Multiplexer, model);
        var stale = catchUp.Projector(partition);
        var staleBatch = await new FeedReader(fixture.Multiplexer, "es").ReadAfterAsync(partition, await stale.StartAfterAsync(), 2);
        await catchUp.RunAsync(catchUp.Projector(partition));
        var checkpoint = await model.ReadCheckpointAsync(partition);
        var rows = await Task.WhenAll(ids.Select(id => model.GetAsync(id)));

        await stale.ProcessAsync(staleBatch);

        Assert.Equal(checkpoint, await model.ReadCheckpointAsync(partition));
        Assert.Equal(rows, await Task.WhenAll(ids.Select(id => model.GetAsync(id))));
        Assert.All(rows, row => Assert.Equal(("Stale Renamed", 3), (row!.Name, row.Version)));
    }

    [Fact]
    public async Task a_stale_batch_holding_a_cleared_marker_does_not_drop_the_user_created_again_after_it()
    {
        var model = Model();
        var feed = new UserFeed();
        var staleBatch = new[] { feed.Created("alice", "Alice"), feed.Cleared("alice") };
        await model.ApplyAsync(feed.Partition, staleBatch, staleBatch[^1].Reference.FeedEntryId);
        var recreated = feed.Created("alice", "Alice Again");
        await model.ApplyAsync(feed.Partition, [recreated], feed.LastFeedEntryId);

        await model.ApplyAsync(feed.Partition, staleBatch, staleBatch[^1].Reference.FeedEntryId);

        var row = await model.GetAsync("alice");
        Assert.Equal(("Alice Again", 1), (row?.Name, row?.Version));
        Assert.Equal(feed.LastFeedEntryId, await model.ReadCheckpointAsync(feed.Partition));
    }

    private RedisUserReadModel Model() => new(fixture.Multiplexer, new RedisUserReadModelOptions { Name = $"stale-{Guid.NewGuid():N}" });
}
