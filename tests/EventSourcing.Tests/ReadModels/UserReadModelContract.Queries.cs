using ReadModels.Users;

namespace EventSourcing.Tests.ReadModels;

/// <summary>The contract: search, pages, reset, and projections side by side under their names.</summary>
public abstract partial class UserReadModelContract
{
    private static async Task<IUserReadModel> SeedAsync(IUserReadModel model)
    {
        var feed = new UserFeed();
        await ApplyAsync(model, feed,
            feed.Created("alice", "Alice Liddell"), feed.EmailUpdated("alice", "alice@example.com"), feed.AddressUpdated("alice", "1 Rabbit Hole Lane, Oxford"),
            feed.Created("bob", "Bob Rabbit"), feed.EmailUpdated("bob", "bob@builders.org"), feed.AddressUpdated("bob", "2 Main Street"),
            feed.Created("carol", "Carol"), feed.EmailUpdated("carol", "carol@wonder.land"), feed.AddressUpdated("carol", "Rabbit Road"));
        return model;
    }

    private static async Task<string[]> Found(IUserReadModel model, string text, int limit = 10) =>
        (await model.SearchAsync(text, limit)).Select(r => r.Id).ToArray();

    [Fact]
    public async Task search_finds_users_by_a_word_of_their_name_email_or_address()
    {
        var model = await SeedAsync(NewModel());

        Assert.Equal(["alice"], await Found(model, "liddell"));
        Assert.Equal(["bob"], await Found(model, "builders"));
        Assert.Equal(["alice"], await Found(model, "alice@example.com"));
        Assert.Equal(["alice"], await Found(model, "oxford"));
        Assert.Equal(["bob"], await Found(model, "main street"));
        Assert.Equal("Bob Rabbit", (await model.SearchAsync("builders", 1)).Single().Name);
    }

    [Fact]
    public async Task search_is_case_insensitive_and_matches_word_prefixes()
    {
        var model = await SeedAsync(NewModel());

        Assert.Equal(["alice"], await Found(model, "ALIC"));
        Assert.Equal(["alice"], await Found(model, "exam"));
        Assert.Equal(["alice", "bob", "carol"], (await Found(model, "RaB")).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task search_folds_case_beyond_ascii()
    {
        var model = NewModel();
        var feed = new UserFeed();
        await ApplyAsync(model, feed, feed.Created("emile", "ÉMILE Ørsted"), feed.Created("sasha", "Саша"));

        Assert.Equal(["emile"], await Found(model, "émile"));
        Assert.Equal(["emile"], await Found(model, "ørs"));
        Assert.Equal(["sasha"], await Found(model, "САША"));
    }

    [Fact]
    public async Task search_puts_a_name_match_before_address_matches_and_respects_the_limit()
    {
        var model = await SeedAsync(NewModel());

        var all = await Found(model, "rabbit");
        var two = await Found(model, "rabbit", limit: 2);

        Assert.Equal("bob", all[0]);
        Assert.Equal(["alice", "carol"], all[1..].Order(StringComparer.Ordinal));
        Assert.Equal(2, two.Length);
        Assert.Equal("bob", two[0]);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => model.SearchAsync("rabbit", 0));
    }

    [Fact]
    public async Task search_needs_every_word_and_finds_nothing_for_text_without_words()
    {
        var model = await SeedAsync(NewModel());

        Assert.Equal(["alice"], await Found(model, "rabbit oxford"));
        Assert.Empty(await Found(model, "rabbit nowhere"));
        Assert.Empty(await Found(model, "  @@ -- \"* "));
        Assert.Empty(await Found(model, "' OR 1=1 --"));
    }

    [Fact]
    public async Task search_follows_renames_and_email_changes_in_the_same_transaction()
    {
        var model = await SeedAsync(NewModel());
        var feed = new UserFeed(4);
        await ApplyAsync(model, feed, feed.Created("dora", "Dora Liddell"));
        // Later entries of partition 3, after the nine the seed applied.
        var p3 = new UserFeed(3, after: 9);

        await model.ApplyAsync(3, [p3.AtVersion(4, "alice", new Grains.Users.NameChanged("alice", "Alice Hargreaves")), p3.AtVersion(5, "alice", new Grains.Users.EmailUpdated("alice", "ally@other.net"))], "1700000000000-99");

        Assert.Equal(["dora"], await Found(model, "liddell"));
        Assert.Equal(["alice"], await Found(model, "hargreaves"));
        Assert.Empty(await Found(model, "example"));
        Assert.Equal(["alice"], await Found(model, "ally other"));
    }

    [Fact]
    public async Task list_pages_through_users_in_ordinal_id_order()
    {
        var model = NewModel();
        var feed = new UserFeed();
        string[] ids = ["u10", "adam", "Zed", "u02", "b-1", "u1", "B"];
        await ApplyAsync(model, feed, [.. ids.Select(id => feed.Created(id, "User " + id))]);

        var pages = new List<IReadOnlyList<UserRow>>();
        string? after = null;
        do
        {
            pages.Add(await model.ListAsync(3, after));
            after = pages[^1].LastOrDefault()?.Id;
        }
        while (pages[^1].Count > 0);

        Assert.Equal([3, 3, 1, 0], pages.Select(p => p.Count));
        Assert.Equal(ids.Order(StringComparer.Ordinal), pages.SelectMany(p => p).Select(r => r.Id));
        Assert.Equal(["u02", "u1", "u10"], (await model.ListAsync(10, "b-1")).Select(r => r.Id));
    }

    [Fact]
    public async Task reset_drops_every_row_and_checkpoint_and_the_next_batch_starts_afresh()
    {
        var model = await SeedAsync(NewModel());
        var p4 = new UserFeed(4);
        await ApplyAsync(model, p4, p4.Created("dora", "Dora"));

        await model.ResetAsync();

        Assert.Empty(await model.ListAsync(10));
        Assert.Empty(await Found(model, "rabbit"));
        Assert.Null(await model.FindByEmailAsync("alice@example.com"));
        Assert.Null(await model.ReadCheckpointAsync(3));
        Assert.Null(await model.ReadCheckpointAsync(4));
        await SeedAsync(model);
        Assert.Equal(["alice", "bob", "carol"], (await model.ListAsync(10)).Select(r => r.Id));
        Assert.Equal(3, (await model.GetAsync("alice"))!.Version);
    }

    [Fact]
    public async Task two_projections_with_different_names_keep_separate_tables_in_one_database()
    {
        var blue = await SeedAsync(NewModel());
        var green = NewModel();
        var feed = new UserFeed();
        await ApplyAsync(green, feed, feed.Created("alice", "Green Alice"), feed.EmailUpdated("alice", "bob@builders.org"));

        await green.ResetAsync();

        Assert.Equal("Alice Liddell", (await blue.GetAsync("alice"))!.Name);
        Assert.Equal("bob", (await blue.FindByEmailAsync("bob@builders.org"))!.Id);
        Assert.Equal("1700000000000-9", await blue.ReadCheckpointAsync(3));
        Assert.Empty(await green.ListAsync(10));
        Assert.NotEqual(blue.Name, green.Name);
    }

    [Fact]
    public async Task a_new_instance_over_the_same_database_reads_what_the_last_one_wrote()
    {
        var name = UniqueName();
        await SeedAsync(NewModel(name));

        var reopened = NewModel(name);

        Assert.Equal("1700000000000-9", await reopened.ReadCheckpointAsync(3));
        Assert.Equal("bob@builders.org", (await reopened.GetAsync("bob"))!.Email);
        Assert.Equal(["carol"], await Found(reopened, "wonder"));
    }

    [Fact]
    public void a_projection_name_that_is_not_a_lower_case_identifier_is_refused()
    {
        Assert.Throws<ArgumentException>(() => Create("users; drop table x"));
        Assert.Throws<ArgumentException>(() => Create("Users"));
        Assert.Throws<ArgumentException>(() => Create("u" + new string('x', 40)));
    }
}
