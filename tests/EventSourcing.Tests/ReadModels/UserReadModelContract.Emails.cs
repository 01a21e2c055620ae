using ReadModels.Users;

namespace EventSourcing.Tests.ReadModels;

/// <summary>
/// The contract: each row keeps the email its log gives it, shared or not; the email index names
/// the user who set the email latest, and a user giving it up frees it only if it still names them.
/// </summary>
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
        Assert.Equal("alice", (await model.FindByEmailAsync("b@example.com"))!.Id);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task two_users_of_different_partitions_swapping_emails_end_as_the_log_says_whichever_partition_applies_first(bool aFirst)
    {
        var model = NewModel();
        var (fa, fb) = (new UserFeed(3), new UserFeed(4));
        // One clock for both partitions: a's and b's events alternate in time.
        var a = new List<RedisEventSourcing.Projections.FeedEvent> { fa.Created("a", "A"), fa.EmailUpdated("a", "a@x.org") };
        fb.Skip(); fb.Skip();
        var b = new List<RedisEventSourcing.Projections.FeedEvent> { fb.Created("b", "B"), fb.EmailUpdated("b", "b@x.org") };
        fa.Skip(); fa.Skip();
        a.Add(fa.EmailUpdated("a", "tmp@x.org"));
        fb.Skip();
        b.Add(fb.EmailUpdated("b", "a@x.org"));
        fa.Skip();
        a.Add(fa.EmailUpdated("a", "b@x.org"));

        foreach (var (feed, events) in aFirst ? new[] { (fa, a), (fb, b) } : [(fb, b), (fa, a)])
            await ApplyAsync(model, feed, [.. events]);

        Assert.Equal("b", (await model.FindByEmailAsync("a@x.org"))?.Id);
        Assert.Equal("a", (await model.FindByEmailAsync("b@x.org"))?.Id);
        Assert.Null(await model.FindByEmailAsync("tmp@x.org"));
    }

    [Fact]
    public async Task two_users_swapping_emails_with_no_temporary_address_within_and_across_batches_end_as_their_logs_say()
    {
        var model = NewModel();
        var feed = new UserFeed();
        await ApplyAsync(model, feed, feed.Created("alice", "Alice"), feed.EmailUpdated("alice", "a@example.com"), feed.Created("bob", "Bob"), feed.EmailUpdated("bob", "b@example.com"));

        await ApplyAsync(model, feed, feed.EmailUpdated("alice", "b@example.com"), feed.EmailUpdated("bob", "a@example.com"));
        var within = await Holders(model, "a@example.com", "b@example.com");
        await ApplyAsync(model, feed, feed.EmailUpdated("alice", "a@example.com"));
        var halfway = await Holders(model, "a@example.com", "b@example.com");
        var bobHalfway = (await model.GetAsync("bob"))!.Email;
        await ApplyAsync(model, feed, feed.EmailUpdated("bob", "b@example.com"));

        Assert.Equal(["bob", "alice"], within);
        // Alice set a later than bob, and gave b up while she held it; bob's row still has a until his next event.
        Assert.Equal(["alice", null], halfway);
        Assert.Equal("a@example.com", bobHalfway);
        Assert.Equal(["alice", "bob"], await Holders(model, "a@example.com", "b@example.com"));
        Assert.Equal(("a@example.com", "b@example.com"), ((await model.GetAsync("alice"))!.Email, (await model.GetAsync("bob"))!.Email));
    }

    [Fact]
    public async Task a_shared_email_stays_in_both_rows_and_the_user_who_set_it_later_in_a_batch_holds_it()
    {
        var model = NewModel();
        var feed = new UserFeed();

        // Bob comes first in the batch, but sets the email after alice did.
        await ApplyAsync(model, feed, feed.Created("bob", "Bob"), feed.Created("alice", "Alice"), feed.EmailUpdated("alice", "s@example.com"), feed.EmailUpdated("bob", "s@example.com"));
        var afterBob = await model.FindByEmailAsync("s@example.com");
        await ApplyAsync(model, feed, feed.EmailUpdated("alice", "s@example.com"));

        Assert.Equal(("s@example.com", 2), ((await model.GetAsync("bob"))!.Email, (await model.GetAsync("bob"))!.Version));
        Assert.Equal(await model.GetAsync("bob"), afterBob);
        Assert.Equal(("s@example.com", 3), ((await model.GetAsync("alice"))!.Email, (await model.GetAsync("alice"))!.Version));
        Assert.Equal("alice", (await model.FindByEmailAsync("s@example.com"))!.Id); // setting it again is a later claim
    }

    [Fact]
    public async Task a_claim_in_a_later_batch_takes_the_index_and_leaves_the_earlier_users_row_as_its_log_says()
    {
        var model = NewModel();
        var feed = new UserFeed();
        var aliceEvents = new[] { feed.Created("alice", "Alice"), feed.EmailUpdated("alice", "s@example.com") };
        await ApplyAsync(model, feed, aliceEvents);

        await ApplyAsync(model, feed, feed.Created("bob", "Bob"), feed.EmailUpdated("bob", "s@example.com"));

        Assert.Equal(new UserRow("alice", "Alice", "s@example.com", null, false, null, 2, UserFeed.TimeOf(aliceEvents[^1])), await model.GetAsync("alice"));
        Assert.Equal(await model.GetAsync("bob"), await model.FindByEmailAsync("s@example.com"));
    }

    [Fact]
    public async Task an_earlier_claimant_changing_away_leaves_the_later_claimant_in_the_index()
    {
        var model = NewModel();
        var feed = new UserFeed();
        await ApplyAsync(model, feed, feed.Created("alice", "Alice"), feed.EmailUpdated("alice", "s@example.com"));
        await ApplyAsync(model, feed, feed.Created("bob", "Bob"), feed.EmailUpdated("bob", "s@example.com"));

        await ApplyAsync(model, feed, feed.EmailUpdated("alice", "alice@example.com"));

        Assert.Equal(["bob", "alice"], await Holders(model, "s@example.com", "alice@example.com"));
    }

    [Fact]
    public async Task the_holder_changing_away_frees_the_email_even_while_an_earlier_claimants_row_still_has_it()
    {
        var model = NewModel();
        var feed = new UserFeed();
        await ApplyAsync(model, feed, feed.Created("alice", "Alice"), feed.EmailUpdated("alice", "s@example.com"));
        await ApplyAsync(model, feed, feed.Created("bob", "Bob"), feed.EmailUpdated("bob", "s@example.com"));

        await ApplyAsync(model, feed, feed.EmailUpdated("bob", "bob@example.com"));

        // No resurrection: alice's row names it, but she is not the latest to have set it.
        Assert.Equal("s@example.com", (await model.GetAsync("alice"))!.Email);
        Assert.Equal([null, "bob"], await Holders(model, "s@example.com", "bob@example.com"));
    }

    [Fact]
    public async Task a_cleared_user_frees_the_emails_it_holds_but_not_one_a_later_claim_took()
    {
        var model = NewModel();
        var feed = new UserFeed();
        await ApplyAsync(model, feed, feed.Created("alice", "Alice"), feed.EmailUpdated("alice", "x@example.com"), feed.Created("bob", "Bob"), feed.EmailUpdated("bob", "y@example.com"));
        await ApplyAsync(model, feed, feed.Created("carol", "Carol"), feed.EmailUpdated("carol", "x@example.com"));

        await ApplyAsync(model, feed, feed.Cleared("alice"));
        var afterAlice = await Holders(model, "x@example.com", "y@example.com");
        await ApplyAsync(model, feed, feed.Cleared("bob"), feed.Created("dave", "Dave"), feed.EmailUpdated("dave", "z@example.com"), feed.Cleared("dave"));

        Assert.Equal(["carol", "bob"], afterAlice);
        Assert.Equal(["carol", null, null], await Holders(model, "x@example.com", "y@example.com", "z@example.com"));
        Assert.Equal(["carol"], (await model.ListAsync(10)).Select(r => r.Id));
    }

    [Fact]
    public async Task tables_of_the_version_with_a_unique_email_column_move_its_holders_into_the_email_index_on_first_use()
    {
        var name = UniqueName();
        var feed = new UserFeed();
        await ApplyAsync(NewModel(name), feed, feed.Created("alice", "Alice"), feed.EmailUpdated("alice", "s@example.com"));
        // What that version left: no email table, a unique index on users.email.
        await ExecuteSqlAsync($"DROP TABLE {name}_emails; CREATE UNIQUE INDEX {name}_users_email ON {name}_users (email)");

        var reopened = NewModel(name);

        Assert.Equal("alice", (await reopened.FindByEmailAsync("s@example.com"))?.Id);
        await ApplyAsync(reopened, feed, feed.Created("bob", "Bob"), feed.EmailUpdated("bob", "s@example.com"));
        Assert.Equal("s@example.com", (await reopened.GetAsync("alice"))!.Email);
        Assert.Equal(["bob"], await Holders(reopened, "s@example.com"));
    }

    /// <summary>Who <see cref="IUserDirectory.FindByEmailAsync"/> names per email; each found row must hold that email.</summary>
    private static async Task<IReadOnlyList<string?>> Holders(IUserReadModel model, params string[] emails)
    {
        var holders = new string?[emails.Length];
        for (var i = 0; i < emails.Length; i++)
        {
            var row = await model.FindByEmailAsync(emails[i]);
            Assert.Equal(emails[i], row?.Email ?? emails[i]);
            holders[i] = row?.Id;
        }

        return holders;
    }
}
