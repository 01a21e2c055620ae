using EventSourcing.Tests.Infrastructure;
using EventSourcing.Tests.ReadModels;
using ReadModels.Redis;
using RedisEventSourcing.Projections;

namespace EventSourcing.Tests.Projections;

/// <summary>
/// A batch touching more users than one script call writes (a rebuild folds tens of thousands of
/// events at once) is written in several calls, the checkpoint moving with the last: the result
/// equals a fold of the log, and a stop between calls is repaired by applying the batch again.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class RedisUserReadModelChunkTests(ClusterFixture fixture)
{
    private static readonly string[] Users = ["ann", "ben", "cat", "dan", "eve", "fay", "gus"];
    private static readonly string[] Emails = ["one@example.com", "two@example.com", "three@example.com"];

    private RedisUserReadModel Model(Func<int, Task>? afterCall = null) =>
        new(fixture.Multiplexer, new RedisUserReadModelOptions { Name = $"chunk-{Guid.NewGuid():N}" }) { RowsPerCall = 2, AfterCall = afterCall };

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public async Task a_batch_written_in_several_calls_equals_a_fold_of_the_log(int seed)
    {
        var model = Model();
        var feed = new UserFeed();
        var log = new UserLogFold();
        var random = new Random(seed);
        for (var round = 0; round < 6; round++)
        {
            var batch = RandomBatch(feed, random, round == 0);
            await model.ApplyAsync(feed.Partition, batch, feed.LastFeedEntryId);
            log.Apply(batch);
            await AssertEqualsFoldAsync(model, log);
        }
        Assert.Equal(feed.LastFeedEntryId, await model.ReadCheckpointAsync(feed.Partition));
    }

    [Fact]
    public async Task a_stop_between_calls_leaves_the_checkpoint_and_applying_the_batch_again_is_exact()
    {
        var stop = true;
        var model = Model(call => stop && call == 1 ? throw new IOException("stopped between calls") : Task.CompletedTask);
        var feed = new UserFeed();
        var log = new UserLogFold();
        var random = new Random(5);
        var first = RandomBatch(feed, random, create: true);
        stop = false;
        await model.ApplyAsync(feed.Partition, first, feed.LastFeedEntryId);
        log.Apply(first);
        var checkpoint = feed.LastFeedEntryId;
        var second = RandomBatch(feed, random, create: false);
        stop = true;

        await Assert.ThrowsAsync<IOException>(() => model.ApplyAsync(feed.Partition, second, feed.LastFeedEntryId));
        var half = await Task.WhenAll(Users.Select(id => model.GetAsync(id)));
        Assert.Equal(checkpoint, await model.ReadCheckpointAsync(feed.Partition));
        Assert.Contains(half, row => row is not null && row.Version > log.Row(row.Id)!.Version);

        stop = false;
        await model.ApplyAsync(feed.Partition, second, feed.LastFeedEntryId);
        log.Apply(second);
        await AssertEqualsFoldAsync(model, log);
        Assert.Equal(feed.LastFeedEntryId, await model.ReadCheckpointAsync(feed.Partition));
    }

    private static FeedEvent[] RandomBatch(UserFeed feed, Random random, bool create)
    {
        var events = new List<FeedEvent>();
        if (create) events.AddRange(Users.Select(u => feed.Created(u, u.ToUpperInvariant())));
        for (var i = 0; i < 30; i++)
        {
            var user = Users[random.Next(Users.Length)];
            if (random.Next(8) == 0)
            {
                // Cleared and started again: the rows of a replayed batch must not keep the old stream's state.
                events.Add(feed.Cleared(user));
                events.Add(feed.Created(user, $"{user} again {i}"));
                continue;
            }
            events.Add(random.Next(3) switch
            {
                0 => feed.EmailUpdated(user, Emails[random.Next(Emails.Length)]),
                1 => feed.NameChanged(user, $"{user} {i}"),
                _ => feed.AddressUpdated(user, $"{i} Chunk Road"),
            });
        }
        return [.. events];
    }

    private static async Task AssertEqualsFoldAsync(RedisUserReadModel model, UserLogFold log)
    {
        foreach (var id in Users) Assert.Equal(log.Row(id), await model.GetAsync(id));
        foreach (var email in Emails) Assert.Equal(log.Holder(email), (await model.FindByEmailAsync(email))?.Id);
    }
}
