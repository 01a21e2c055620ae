using ReadModels.Users;
using RedisEventSourcing.Projections;

namespace EventSourcing.Tests.ReadModels;

/// <summary>The contract: after random and concurrent workloads, rows and email index equal a fold of the log.</summary>
public abstract partial class UserReadModelContract
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task after_a_random_workload_every_row_and_email_entry_equals_a_fold_of_the_log(int seed)
    {
        string[] users = ["ann", "ben", "cat", "dan", "eve"];
        string[] emails = ["one@example.com", "two@example.com", "three@example.com", "four@example.com"];
        var model = NewModel();
        var feed = new UserFeed();
        var log = new UserLogFold();
        var random = new Random(seed);
        var live = new HashSet<string>(StringComparer.Ordinal);

        for (var round = 0; round < 40; round++)
        {
            var batch = Enumerable.Range(0, random.Next(1, 8)).Select(_ => RandomEvent(feed, random, live, users[random.Next(users.Length)], emails)).ToArray();
            await ApplyAsync(model, feed, batch);
            log.Apply(batch);

            foreach (var id in users)
            {
                Assert.Equal(log.Row(id), await model.GetAsync(id));
            }

            foreach (var email in emails)
            {
                Assert.Equal(log.Holder(email), (await model.FindByEmailAsync(email))?.Id);
            }
        }
    }

    [Fact]
    public async Task batches_of_two_partitions_racing_for_one_email_end_with_rows_as_folded_and_one_holder_that_has_it()
    {
        var model = NewModel();
        var p3 = new UserFeed(3);
        var p5 = new UserFeed(5);
        const int Rounds = 8;
        await ApplyAsync(model, p3, [.. Enumerable.Range(0, Rounds).Select(i => p3.Created($"dave{i}", "Dave"))]);
        await ApplyAsync(model, p5, [.. Enumerable.Range(0, Rounds).Select(i => p5.Created($"erin{i}", "Erin"))]);

        var firstHolders = new List<string?>();
        for (var i = 0; i < Rounds; i++)
        {
            // Both claim one email at once: whichever commits last holds it; both rows have it.
            await RaceAsync(model,
                (p3, [p3.EmailUpdated($"dave{i}", $"both{i}@example.com"), p3.NameChanged($"dave{i}", $"Dave {i}")]),
                (p5, [p5.EmailUpdated($"erin{i}", $"both{i}@example.com"), p5.NameChanged($"erin{i}", $"Erin {i}")]));
            firstHolders.Add((await model.FindByEmailAsync($"both{i}@example.com"))?.Id);
            // Dave gives it up while erin sets it again: erin holds it, whichever commits first.
            await RaceAsync(model,
                (p3, [p3.EmailUpdated($"dave{i}", $"dave{i}@example.com")]),
                (p5, [p5.EmailUpdated($"erin{i}", $"both{i}@example.com")]));
        }

        for (var i = 0; i < Rounds; i++)
        {
            Assert.Contains(firstHolders[i], new[] { $"dave{i}", $"erin{i}" });
            var (dave, erin) = (await model.GetAsync($"dave{i}"), await model.GetAsync($"erin{i}"));
            Assert.Equal(($"Dave {i}", $"dave{i}@example.com", 4), (dave!.Name, dave.Email, dave.Version));
            Assert.Equal(($"Erin {i}", $"both{i}@example.com", 4), (erin!.Name, erin.Email, erin.Version));
            Assert.Equal(erin, await model.FindByEmailAsync($"both{i}@example.com"));
            Assert.Equal(dave, await model.FindByEmailAsync($"dave{i}@example.com"));
        }

        Assert.Equal((p3.LastFeedEntryId, p5.LastFeedEntryId), (await model.ReadCheckpointAsync(3), await model.ReadCheckpointAsync(5)));
    }

    private static Task RaceAsync(IUserReadModel model, params (UserFeed Feed, FeedEvent[] Events)[] batches) =>
        Task.WhenAll(batches.Select(b =>
        {
            var checkpoint = b.Feed.LastFeedEntryId;
            return Task.Run(() => model.ApplyAsync(b.Feed.Partition, b.Events, checkpoint));
        }));

    /// <summary>An event of <paramref name="id"/>'s: created if absent; else mostly an email from a small shared pool.</summary>
    private static FeedEvent RandomEvent(UserFeed feed, Random random, HashSet<string> live, string id, string[] emails)
    {
        if (live.Add(id))
        {
            return feed.Created(id, "User " + id);
        }

        var pick = random.Next(20);
        if (pick < 3)
        {
            live.Remove(id);
            return feed.Cleared(id);
        }

        return pick switch
        {
            < 5 => feed.NameChanged(id, $"Name {pick}"),
            < 7 => feed.AddressUpdated(id, $"{pick} Street"),
            _ => feed.EmailUpdated(id, emails[random.Next(emails.Length)]),
        };
    }
}
