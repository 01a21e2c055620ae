using EventSourcing.Tests.Infrastructure;
using EventSourcing.Tests.Users;
using Grains.Interfaces;
using ReadModels.Redis;
using ReadModels.Users;
using RedisEventSourcing.Projections;

namespace EventSourcing.Tests.Projections;

[Collection(ClusterCollection.Name)]
public sealed class RedisUserReadModelTests(ClusterFixture fixture)
{
    private RedisUserReadModel Model() => new(fixture.Multiplexer, new RedisUserReadModelOptions { Name = $"users-{Guid.NewGuid():N}" });

    [Fact]
    public async Task after_a_random_workload_the_redis_model_equals_a_fold_of_the_log()
    {
        var random = new Random(7);
        var ids = Enumerable.Range(0, 40).Select(_ => UserIds.New("rm")).ToList();
        foreach (var id in ids) await fixture.Grains.GetGrain<IUserGrain>(id).Create($"User {id[..6]}", $"{id}@example.com");
        await Task.WhenAll(ids.Select(async id =>
        {
            var user = fixture.Grains.GetGrain<IUserGrain>(id);
            for (var i = 0; i < 6; i++)
            {
                switch (random.Next(4))
                {
                    case 0: await user.Rename($"Name {i} {id[..4]}"); break;
                    case 1: await user.ChangeEmail($"{i}.{id}@example.org"); break;
                    case 2: await user.ChangeAddress($"{i} Fold St"); break;
                    default: if (i == 5) await user.Deactivate("done"); break;
                }
            }
        }));
        var model = Model();

        await new FeedCatchUp(fixture.Multiplexer, model).RunAsync();

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

    [Fact]
    public async Task a_row_that_loses_fields_keeps_none_of_them_and_is_listed_once()
    {
        var model = Model();
        var feed = new EventSourcing.Tests.ReadModels.UserFeed();
        var id = "shrink";
        var before = new[] { feed.Created(id, "Shrinking"), feed.EmailUpdated(id, "shrink@example.com"), feed.AddressUpdated(id, "1 Big Road"), feed.Deactivated(id, "gone") };
        await model.ApplyAsync(feed.Partition, before, before[^1].Reference.FeedEntryId);
        // Cleared and created again, with none of the fields it had: only HSETs would leave them behind.
        var after = new[] { feed.Cleared(id), feed.Created(id, "Small") };
        await model.ApplyAsync(feed.Partition, after, after[^1].Reference.FeedEntryId);

        var fields = (await fixture.Db.HashGetAllAsync($"rm:{{{model.Name}}}:user:{id}")).Select(f => f.Name.ToString()).Order().ToList();
        var listed = await model.ListAsync(10);
        var row = await model.GetAsync(id);

        Assert.Equal(["deactivated", "id", "name", "updated_at", "version"], fields);
        Assert.Equal(("Small", null, null, false, 1), (row!.Name, row.Email, row.Address, row.Deactivated, row.Version));
        Assert.Equal([id], listed.Select(r => r.Id));
        Assert.Null(await model.FindByEmailAsync("shrink@example.com"));
    }

    [Fact]
    public async Task entries_delivered_twice_or_read_again_by_a_fresh_reader_are_applied_once()
    {
        var id = UserIds.New("twice");
        var user = fixture.Grains.GetGrain<IUserGrain>(id);
        await user.Create("Twice");
        await user.Rename("Twice Again");
        var model = Model();
        var catchUp = new FeedCatchUp(fixture.Multiplexer, model);
        await catchUp.RunAsync();
        var partition = int.Parse(RawLog.FeedKey(id)[5..7]);
        var everything = await new RedisEventSourcing.Projections.Running.FeedReader(fixture.Multiplexer, "es").ReadAfterAsync(partition, null, 100_000);

        // The same references again, through the same projector and through a new one.
        var projector = catchUp.Projector(partition);
        await projector.ProcessAsync(everything);
        await catchUp.Projector(partition).ProcessAsync(everything);

        var row = await model.GetAsync(id);
        Assert.Equal(("Twice Again", 2), (row!.Name, row.Version));
        Assert.Equal(everything[^1].FeedEntryId, await model.ReadCheckpointAsync(partition));
    }

    [Fact]
    public async Task a_garbled_entry_goes_to_the_dead_letters_and_the_partition_goes_on()
    {
        var id = UserIds.New("garbled");
        var user = fixture.Grains.GetGrain<IUserGrain>(id);
        await user.Create("Gary");
        var key = RawLog.UserStreamKey(id);
        // A foreign writer appends an entry no reader can fold, with its feed reference.
        var bad = (string)(await fixture.Db.StreamAddAsync(key, [new("type", "UserTeleported"), new("id", id), new("_version", "2")]))!;
        await fixture.Db.StreamAddAsync(RawLog.FeedKey(id), [new("_stream", key), new("_id", bad), new("_version", "2"), new("type", "UserTeleported")]);
        await fixture.Db.StreamAddAsync(RawLog.FeedKey(id), [new("_stream", key), new("type", "NameChanged")]);
        var other = UserIds.New("after-garbled");
        while (RawLog.FeedKey(other) != RawLog.FeedKey(id)) other = UserIds.New("after-garbled");
        await fixture.Grains.GetGrain<IUserGrain>(other).Create("Olive");
        var model = Model();
        var catchUp = new FeedCatchUp(fixture.Multiplexer, model);

        await catchUp.RunAsync();

        var dead = await catchUp.DeadLetters.ListAsync(model.Name);
        Assert.Contains(dead, d => d.Reference.StreamEntryId == bad && d.Reason.Contains("unknown event type 'UserTeleported'"));
        Assert.Contains(dead, d => d.Reference.Type == "_malformed");
        Assert.Equal("Gary", (await model.GetAsync(id))?.Name);
        Assert.Equal("Olive", (await model.GetAsync(other))?.Name);
    }

    [Fact]
    public async Task two_users_of_different_partitions_swapping_emails_end_in_the_index_as_the_log_says_whichever_partition_applies_first()
    {
        var a = UserIds.New("swap-a");
        var b = UserIds.New("swap-b");
        while (RawLog.FeedKey(b) == RawLog.FeedKey(a)) b = UserIds.New("swap-b");
        var (ua, ub) = (fixture.Grains.GetGrain<IUserGrain>(a), fixture.Grains.GetGrain<IUserGrain>(b));
        // Claims of different partitions are ordered by their entries' server time in ms; within one
        // millisecond they have no order (docs/operations.md, The read side). Each command here waits
        // for the next millisecond of Redis' clock, as commands of different users in real life are apart.
        await ua.Create("A", $"{a}@x.org");
        await NextMillisecondAsync();
        await ub.Create("B", $"{b}@x.org");
        await NextMillisecondAsync();
        await ua.ChangeEmail($"tmp-{a}@x.org");
        await NextMillisecondAsync();
        await ub.ChangeEmail($"{a}@x.org");
        await NextMillisecondAsync();
        await ua.ChangeEmail($"{b}@x.org");
        var (pa, pb) = (Partition(a), Partition(b));

        foreach (var order in new[] { new[] { pa, pb }, [pb, pa] })
        {
            var model = Model();
            var catchUp = new FeedCatchUp(fixture.Multiplexer, model);
            foreach (var partition in order) await catchUp.RunAsync(catchUp.Projector(partition));

            Assert.Equal(b, (await model.FindByEmailAsync($"{a}@x.org"))?.Id);
            Assert.Equal(a, (await model.FindByEmailAsync($"{b}@x.org"))?.Id);
            Assert.Null(await model.FindByEmailAsync($"tmp-{a}@x.org"));
            Assert.Equal($"{b}@x.org", (await model.GetAsync(a))?.Email);
        }
    }

    private static int Partition(string id) => int.Parse(RawLog.FeedKey(id)[5..7]);

    private async Task NextMillisecondAsync()
    {
        var server = fixture.Multiplexer.GetServer(fixture.Multiplexer.GetEndPoints()[0]);
        var start = (await server.TimeAsync()).Ticks / TimeSpan.TicksPerMillisecond;
        await Eventually.TrueAsync(async () => (await server.TimeAsync()).Ticks / TimeSpan.TicksPerMillisecond > start, TimeSpan.FromSeconds(5), "Redis' clock moving to the next millisecond");
    }
}
