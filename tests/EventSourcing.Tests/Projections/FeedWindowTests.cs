using RedisEventSourcing.Projections;
using RedisEventSourcing.Projections.Running;

namespace EventSourcing.Tests.Projections;

/// <summary>
/// The live pumps' page source: a chain of delivered references answers exactly what reading the
/// feed after a checkpoint up to a target would, or nothing (null), never a page with a hole.
/// </summary>
public sealed class FeedWindowTests
{
    private static FeedReference Ref(string id) => new(0, id, "es:{p00}:user:a", id, 1, "NameChanged");

    private static FeedWindow Chain(params string[] ids)
    {
        var window = new FeedWindow();
        var after = "0-0";
        foreach (var id in ids)
        {
            window.Add(after, Ref(id));
            after = id;
        }
        return window;
    }

    [Fact]
    public void a_checkpoint_on_the_chain_reads_up_to_and_including_the_target()
    {
        var window = Chain("1-1", "1-2", "2-0", "3-5");

        Assert.Equal(["1-2", "2-0"], window.TryRead("1-1", "2-0", 100)!.Select(r => r.FeedEntryId));
        Assert.Equal(["1-1", "1-2", "2-0", "3-5"], window.TryRead(null, "3-5", 100)!.Select(r => r.FeedEntryId));
    }

    [Fact]
    public void a_full_page_before_the_target_is_a_page_and_the_pump_comes_back_for_the_rest()
    {
        var window = Chain("1-1", "1-2", "2-0", "3-5");

        Assert.Equal(["1-1", "1-2"], window.TryRead(null, "3-5", 2)!.Select(r => r.FeedEntryId));
    }

    [Fact]
    public void a_target_between_entries_ends_the_page_before_the_entry_past_it()
    {
        var window = Chain("1-1", "1-2", "2-0");

        Assert.Equal(["1-1", "1-2"], window.TryRead(null, "1-9", 100)!.Select(r => r.FeedEntryId));
    }

    [Fact]
    public void a_checkpoint_off_the_chain_or_a_chain_short_of_the_target_gives_null()
    {
        var window = Chain("1-1", "1-2");
        // A gap in delivery: 1-3 was never delivered, 1-4 was read after it.
        window.Add("1-3", Ref("1-4"));

        Assert.Null(window.TryRead("0-5", "1-2", 100));
        Assert.Null(window.TryRead(null, "1-4", 100));
        Assert.Null(window.TryRead("1-2", "1-4", 100));
        Assert.Equal(["1-4"], window.TryRead("1-3", "1-4", 100)!.Select(r => r.FeedEntryId));
    }

    [Fact]
    public void the_oldest_links_go_first_when_the_window_is_full()
    {
        var window = new FeedWindow(capacity: 2);
        window.Add("0-0", Ref("1-1"));
        window.Add("1-1", Ref("1-2"));
        window.Add("1-2", Ref("1-3"));
        // Redelivered: not a new link.
        window.Add("1-2", Ref("1-3"));

        Assert.Equal(2, window.Count);
        Assert.Null(window.TryRead(null, "1-3", 100));
        Assert.Equal(["1-2", "1-3"], window.TryRead("1-1", "1-3", 100)!.Select(r => r.FeedEntryId));
    }
}
