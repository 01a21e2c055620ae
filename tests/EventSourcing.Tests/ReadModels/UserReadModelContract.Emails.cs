using ReadModels.Users;

namespace EventSourcing.Tests.ReadModels;

/// <summary>The contract: an email belongs to one user, the later claim in the log winning.</summary>
public abstract partial class UserReadModelContract
{
    [Fact]
    public async Task two_users_swapping_emails_in_one_batch_end_with_each_others_email()
    {
        var model = NewModel();
        var feed = new UserFeed();
        await ApplyAsync(model, feed, feed.Created("alice", "Alice"), feed.EmailUpdated("alice", "a@example.com"), feed.Created("bob", "Bob"), feed.EmailUpdated("bob", "b@example.com"));

        // As the write side would: alice parks on a temporary address, bob takes hers, alice takes his.
        await ApplyAsync(model, feed,
            feed.EmailUpdated("alice", "tmp@example.com"), feed.EmailUpdated("bob", "a@example.com"), feed.EmailUpdated("alice", "b@example.com"));

        Assert.Equal("b@example.com", (await model.GetAsync("alice"))!.Email);
        Assert.Equal("a@example.com", (await model.GetAsync("bob"))!.Email);
        Assert.Null(await model.FindByEmailAsync("tmp@example.com"));
        Assert.Equal("bob", (await model.FindByEmailAsync("a@example.com"))!.Id);
    }

    [Fact]
    public async Task an_email_claimed_while_another_user_holds_it_goes_to_the_later_claim_within_and_across_batches()
    {
        var model = NewModel();
        var feed = new UserFeed();
        await ApplyAsync(model, feed, feed.Created("alice", "Alice"), feed.EmailUpdated("alice", "a@example.com"), feed.Created("bob", "Bob"), feed.EmailUpdated("bob", "b@example.com"));

        // A swap with no temporary address: each claim takes the email from its holder at once.
        await ApplyAsync(model, feed, feed.EmailUpdated("alice", "b@example.com"), feed.EmailUpdated("bob", "a@example.com"));
        var swapped = (await model.GetAsync("alice"), await model.GetAsync("bob"));
        // Across batches: carol takes bob's, then dave (new) takes it from carol in the next batch.
        await ApplyAsync(model, feed, feed.Created("carol", "Carol"), feed.EmailUpdated("carol", "a@example.com"));
        var afterCarol = await model.GetAsync("bob");
        await ApplyAsync(model, feed, feed.Created("dave", "Dave"), feed.EmailUpdated("dave", "a@example.com"));

        Assert.Equal(("b@example.com", "a@example.com"), (swapped.Item1!.Email, swapped.Item2!.Email));
        Assert.Null(afterCarol!.Email);
        Assert.Equal(3, afterCarol.Version); // losing an email to a later claim is not an event of bob's
        Assert.Null((await model.GetAsync("carol"))!.Email);
        Assert.Equal("dave", (await model.FindByEmailAsync("a@example.com"))!.Id);
        Assert.Equal("alice", (await model.FindByEmailAsync("b@example.com"))!.Id);
    }

    [Fact]
    public async Task batches_of_two_partitions_applied_at_once_leave_each_email_with_one_user()
    {
        var model = NewModel();
        var p3 = new UserFeed(3);
        var p5 = new UserFeed(5);
        const int Rounds = 8;
        await ApplyAsync(model, p3, [.. Enumerable.Range(0, Rounds).Select(i => p3.Created($"dave{i}", "Dave"))]);
        await ApplyAsync(model, p5, [.. Enumerable.Range(0, Rounds).Select(i => p5.Created($"erin{i}", "Erin"))]);

        for (var i = 0; i < Rounds; i++)
        {
            // Both claim one email at once: PostgreSQL aborts one transaction, which is tried again.
            var dave = new[] { p3.EmailUpdated($"dave{i}", $"both{i}@example.com"), p3.NameChanged($"dave{i}", $"Dave {i}") };
            var erin = new[] { p5.EmailUpdated($"erin{i}", $"both{i}@example.com"), p5.NameChanged($"erin{i}", $"Erin {i}") };
            await Task.WhenAll(
                Task.Run(() => model.ApplyAsync(3, dave, p3.LastFeedEntryId)),
                Task.Run(() => model.ApplyAsync(5, erin, p5.LastFeedEntryId)));
        }

        for (var i = 0; i < Rounds; i++)
        {
            var holders = new[] { await model.GetAsync($"dave{i}"), await model.GetAsync($"erin{i}") }.Where(r => r!.Email is not null).ToList();
            var holder = Assert.Single(holders);
            Assert.Equal($"both{i}@example.com", holder!.Email);
            Assert.Equal(holder, await model.FindByEmailAsync($"both{i}@example.com"));
            Assert.Equal(($"Dave {i}", $"Erin {i}"), ((await model.GetAsync($"dave{i}"))!.Name, (await model.GetAsync($"erin{i}"))!.Name));
        }

        Assert.Equal((p3.LastFeedEntryId, p5.LastFeedEntryId), (await model.ReadCheckpointAsync(3), await model.ReadCheckpointAsync(5)));
    }
}
