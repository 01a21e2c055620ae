using EventSourcing.Tests.Infrastructure;
using Grains.Users;
using RedisEventSourcing.Projections;
using RedisEventSourcing.Projections.Running;
using StackExchange.Redis;

namespace EventSourcing.Tests.Projections;

/// <summary>
/// Copies of one partition share what their resolvers decoded: the copy behind takes the event the
/// copy ahead read, without reading Redis again. Shown by deleting the entry between the two
/// resolutions: the second still resolves it, while a resolver sharing nothing reports it gone.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class SharedResolutionTests(ClusterFixture fixture)
{
    private static readonly Dictionary<string, Type> Types = new() { ["user"] = typeof(UserEvent) };
    private static readonly HashSet<string> Users = ["user"];

    [Fact]
    public async Task the_copy_behind_takes_the_decoded_event_from_the_copy_ahead()
    {
        var key = $"sr{Guid.NewGuid():N}:{{p00}}:user:ann";
        var entryId = (string)(await fixture.Db.StreamAddAsync(key, [new("type", "UserCreated"), new("id", "ann"), new("name", "Ann"), new("_version", 1)]))!;
        FeedReference reference = new(0, "5-1", key, entryId, 1, "UserCreated");
        var shared = new ResolvedEvents();

        var ahead = Assert.Single(await new FeedEventResolver(fixture.Multiplexer, Types, shared).ResolveAsync([reference], Users));
        await fixture.Db.StreamDeleteAsync(key, [entryId]);
        var behind = Assert.Single(await new FeedEventResolver(fixture.Multiplexer, Types, shared).ResolveAsync([reference], Users));
        var alone = Assert.Single(await new FeedEventResolver(fixture.Multiplexer, Types).ResolveAsync([reference], Users));

        Assert.Equal("Ann", Assert.IsType<UserCreated>(ahead.Event!.Event).Name);
        Assert.Same(ahead.Event, behind.Event);
        Assert.Null(alone.Event);
        Assert.Contains("no longer in", alone.Problem);
    }

    [Fact]
    public async Task another_reference_at_the_same_feed_entry_id_is_not_taken_for_the_shared_one()
    {
        var key = $"sr{Guid.NewGuid():N}:{{p00}}:user:bob";
        var first = (string)(await fixture.Db.StreamAddAsync(key, [new("type", "UserCreated"), new("id", "bob"), new("name", "Bob"), new("_version", 1)]))!;
        var second = (string)(await fixture.Db.StreamAddAsync(key, [new("type", "NameChanged"), new("id", "bob"), new("name", "Robert"), new("_version", 2)]))!;
        var shared = new ResolvedEvents();
        await new FeedEventResolver(fixture.Multiplexer, Types, shared).ResolveAsync([new(0, "5-1", key, first, 1, "UserCreated")], Users);

        var other = Assert.Single(await new FeedEventResolver(fixture.Multiplexer, Types, shared).ResolveAsync([new(0, "5-1", key, second, 2, "NameChanged")], Users));

        Assert.Equal("Robert", Assert.IsType<NameChanged>(other.Event!.Event).Name);
    }
}
