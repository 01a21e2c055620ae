using RedisEventSourcing.Projections;
using ReadModels.Users;

namespace EventSourcing.Tests.ReadModels;

/// <summary>
/// What every users read model promises, written once: each store's test class derives from it
/// and only says how to make a model. Every test has a projection (and so tables) of its own.
/// </summary>
public abstract partial class UserReadModelContract : IAsyncLifetime
{
    private readonly List<IUserReadModel> _models = [];

    /// <summary>A model of the store under test; the contract disposes it.</summary>
    protected abstract IUserReadModel Create(string projectionName);

    /// <summary>Runs SQL on the store's database directly, as an older version of the model would have left it.</summary>
    protected abstract Task ExecuteSqlAsync(string sql);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var model in _models)
        {
            if (model is IAsyncDisposable asyncDisposable) await asyncDisposable.DisposeAsync();
            else (model as IDisposable)?.Dispose();
        }
    }

    private IUserReadModel NewModel(string? projectionName = null)
    {
        var model = Create(projectionName ?? UniqueName());
        _models.Add(model);
        return model;
    }

    private static string UniqueName() => "t" + Guid.NewGuid().ToString("N");

    private static async Task ApplyAsync(IUserReadModel model, UserFeed feed, params FeedEvent[] events) =>
        await model.ApplyAsync(feed.Partition, events, feed.LastFeedEntryId);

    // ---- the fold, one event type at a time

    [Fact]
    public async Task user_created_makes_a_row_with_the_name_version_one_and_the_event_time()
    {
        var model = NewModel();
        var feed = new UserFeed();
        var created = feed.Created("alice", "Alice");

        await ApplyAsync(model, feed, created);

        Assert.Equal(new UserRow("alice", "Alice", null, null, false, null, 1, UserFeed.TimeOf(created)), await model.GetAsync("alice"));
        Assert.Null(await model.GetAsync("bob"));
    }

    [Fact]
    public async Task name_changed_replaces_the_name_and_moves_version_and_time()
    {
        var model = NewModel();
        var feed = new UserFeed();
        await ApplyAsync(model, feed, feed.Created("alice", "Alice"));
        var renamed = feed.NameChanged("alice", "Alice Liddell");

        await ApplyAsync(model, feed, renamed);

        var row = await model.GetAsync("alice");
        Assert.Equal(("Alice Liddell", 2, UserFeed.TimeOf(renamed)), (row!.Name, row.Version, row.UpdatedAt));
    }

    [Fact]
    public async Task email_updated_sets_the_email_that_find_by_email_then_finds()
    {
        var model = NewModel();
        var feed = new UserFeed();

        await ApplyAsync(model, feed, feed.Created("alice", "Alice"), feed.EmailUpdated("alice", "alice@example.com"), feed.EmailUpdated("alice", "alice@example.org"));

        var row = await model.GetAsync("alice");
        Assert.Equal(("alice@example.org", 3), (row!.Email, row.Version));
        Assert.Equal(row, await model.FindByEmailAsync("alice@example.org"));
        Assert.Null(await model.FindByEmailAsync("alice@example.com"));
    }

    [Fact]
    public async Task address_updated_sets_the_address()
    {
        var model = NewModel();
        var feed = new UserFeed();

        await ApplyAsync(model, feed, feed.Created("alice", "Alice"), feed.AddressUpdated("alice", "1 Rabbit Hole Lane"));

        var row = await model.GetAsync("alice");
        Assert.Equal(("1 Rabbit Hole Lane", 2), (row!.Address, row.Version));
    }

    [Fact]
    public async Task user_deactivated_marks_the_row_with_its_reason_and_keeps_the_rest()
    {
        var model = NewModel();
        var feed = new UserFeed();
        var events = new[] { feed.Created("alice", "Alice"), feed.EmailUpdated("alice", "a@example.com"), feed.AddressUpdated("alice", "Wonderland"), feed.Deactivated("alice", "left") };

        await ApplyAsync(model, feed, events);

        Assert.Equal(new UserRow("alice", "Alice", "a@example.com", "Wonderland", true, "left", 4, UserFeed.TimeOf(events[^1])), await model.GetAsync("alice"));
    }
}
