using Grains.Users;
using ReadModels.Users;

namespace EventSourcing.Tests.ReadModels;

/// <summary>The contract: one transaction per batch, checkpoints, cleared streams, redelivery.</summary>
public abstract partial class UserReadModelContract
{
    [Fact]
    public async Task an_event_before_user_created_fails_the_batch_and_leaves_rows_and_checkpoint_as_they_were()
    {
        var model = NewModel();
        var feed = new UserFeed();
        var created = feed.Created("alice", "Alice");
        await ApplyAsync(model, feed, created);
        var before = feed.LastFeedEntryId;
        var batch = new[]
        {
            feed.NameChanged("alice", "Changed"),
            feed.Created("carol", "Carol"),
            feed.AtVersion(2, "bob", new NameChanged("bob", "Bob")), // bob has no UserCreated: the fold throws
            feed.EmailUpdated("alice", "alice@example.com"),
        };

        await Assert.ThrowsAsync<InvalidOperationException>(() => model.ApplyAsync(feed.Partition, batch, feed.LastFeedEntryId));

        Assert.Equal(new UserRow("alice", "Alice", null, null, false, null, 1, UserFeed.TimeOf(created)), await model.GetAsync("alice"));
        Assert.Null(await model.GetAsync("carol"));
        Assert.Null(await model.FindByEmailAsync("alice@example.com"));
        Assert.Empty(await model.SearchAsync("carol", 10));
        Assert.Equal(before, await model.ReadCheckpointAsync(feed.Partition));
    }

    [Fact]
    public async Task checkpoint_is_null_before_the_first_batch_and_reads_back_per_partition()
    {
        var model = NewModel();
        var p3 = new UserFeed(3);
        var p4 = new UserFeed(4);
        Assert.Null(await model.ReadCheckpointAsync(3));

        await ApplyAsync(model, p3, p3.Created("alice", "Alice"), p3.Created("carol", "Carol"));
        await ApplyAsync(model, p4, p4.Created("bob", "Bob"));
        await ApplyAsync(model, p3, p3.NameChanged("alice", "Al"));

        Assert.Equal("1700000000000-3", await model.ReadCheckpointAsync(3));
        Assert.Equal("1700000000000-1", await model.ReadCheckpointAsync(4));
        Assert.Null(await model.ReadCheckpointAsync(5));
    }

    [Fact]
    public async Task an_empty_batch_only_moves_the_checkpoint()
    {
        var model = NewModel();
        var feed = new UserFeed();
        await ApplyAsync(model, feed, feed.Created("alice", "Alice"));

        await model.ApplyAsync(feed.Partition, [], "1700000000000-9");

        Assert.Equal("1700000000000-9", await model.ReadCheckpointAsync(feed.Partition));
        Assert.Equal(1, (await model.GetAsync("alice"))!.Version);
    }

    [Fact]
    public async Task a_stale_batch_from_a_second_reader_moves_neither_the_checkpoint_nor_a_row_back()
    {
        var model = NewModel();
        var feed = new UserFeed();
        var created = feed.Created("alice", "Alice");
        var renamed = feed.NameChanged("alice", "Alicia");
        var cleared = feed.Cleared("alice");
        var again = feed.Created("alice", "Alice Again");
        await ApplyAsync(model, feed, created, renamed, cleared, again);

        // A reader that lost the partition in a rebalance applies its old batch late.
        await model.ApplyAsync(feed.Partition, [created, renamed, cleared], cleared.Reference.FeedEntryId);

        Assert.Equal(again.Reference.FeedEntryId, await model.ReadCheckpointAsync(feed.Partition));
        Assert.Equal("Alice Again", (await model.GetAsync("alice"))!.Name);
    }

    [Fact]
    public async Task events_of_another_category_only_move_the_checkpoint()
    {
        var model = NewModel();
        var feed = new UserFeed();
        await ApplyAsync(model, feed, feed.Created("alice", "Alice"));

        // Same aggregate id and even a user event type, but from a cart stream: not this model's.
        await ApplyAsync(model, feed, feed.OfCategory("cart", "alice", new NameChanged("alice", "Cart")), feed.OfCategory("cart", "dora", new UserCreated("dora", "Dora")));

        Assert.Equal("Alice", (await model.GetAsync("alice"))!.Name);
        Assert.Null(await model.GetAsync("dora"));
        Assert.Equal(feed.LastFeedEntryId, await model.ReadCheckpointAsync(feed.Partition));
        Assert.Equal("user", model.Category);
    }

    // ---- cleared streams and redelivery

    [Fact]
    public async Task a_cleared_marker_deletes_the_row_and_frees_its_email_for_another_user()
    {
        var model = NewModel();
        var feed = new UserFeed();
        await ApplyAsync(model, feed, feed.Created("alice", "Alice"), feed.EmailUpdated("alice", "shared@example.com"));

        await ApplyAsync(model, feed, feed.Cleared("alice"), feed.Created("bob", "Bob"), feed.EmailUpdated("bob", "shared@example.com"));

        Assert.Null(await model.GetAsync("alice"));
        Assert.Equal("bob", (await model.FindByEmailAsync("shared@example.com"))!.Id);
        Assert.Empty(await model.SearchAsync("alice", 10));
        Assert.Equal(["bob"], (await model.ListAsync(10)).Select(r => r.Id));
    }

    [Fact]
    public async Task a_user_cleared_and_created_again_in_one_batch_holds_only_its_new_events()
    {
        var model = NewModel();
        var feed = new UserFeed();
        await ApplyAsync(model, feed, feed.Created("alice", "Alice"), feed.AddressUpdated("alice", "Old Street"), feed.NameChanged("alice", "Alicia"));

        var cleared = feed.Cleared("alice");
        var recreated = feed.Created("alice", "Alice Again");
        await ApplyAsync(model, feed, cleared, recreated);

        Assert.Equal(new UserRow("alice", "Alice Again", null, null, false, null, 1, UserFeed.TimeOf(recreated)), await model.GetAsync("alice"));
        Assert.Empty(await model.SearchAsync("old street", 10));
    }

    [Fact]
    public async Task a_batch_delivered_twice_is_applied_once()
    {
        var model = NewModel();
        var feed = new UserFeed();
        var batch = new[] { feed.Created("alice", "Alice"), feed.NameChanged("alice", "Alicia"), feed.EmailUpdated("alice", "alice@example.com") };
        await model.ApplyAsync(feed.Partition, batch, feed.LastFeedEntryId);
        var once = await model.GetAsync("alice");

        await model.ApplyAsync(feed.Partition, batch, feed.LastFeedEntryId);

        Assert.Equal(once, await model.GetAsync("alice"));
        Assert.Equal(3, once!.Version);
        Assert.Equal(["alice"], (await model.ListAsync(10)).Select(r => r.Id));
    }

    [Fact]
    public async Task an_older_event_delivered_again_does_not_move_the_row_back()
    {
        var model = NewModel();
        var feed = new UserFeed();
        var created = feed.Created("alice", "Alice");
        var firstRename = feed.NameChanged("alice", "First");
        await ApplyAsync(model, feed, created, firstRename, feed.NameChanged("alice", "Second"));

        await ApplyAsync(model, feed, firstRename, created);

        var row = await model.GetAsync("alice");
        Assert.Equal(("Second", 3), (row!.Name, row.Version));
    }
}
