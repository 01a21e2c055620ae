using EventSourcing.Tests.Infrastructure;
using Grains.Users;
using Microsoft.Extensions.Logging.Abstractions;
using ReadModels.Redis;
using RedisEventSourcing.Projections;
using RedisEventSourcing.Projections.DeadLetters;
using RedisEventSourcing.Projections.Running;
using StackExchange.Redis;

namespace EventSourcing.Tests.Projections;

/// <summary>
/// A _resync marker becomes a group of events at one feed entry id (a clear, then the stream up to
/// the marker): the projector applies it whole or dead-letters it whole, never half of it. Streams
/// written with plain XADD under a key prefix of the test's own; the real Redis users model applies.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ResyncGroupTests(ClusterFixture fixture)
{
    private readonly string _prefix = $"rs{Guid.NewGuid():N}";

    [Fact]
    public async Task a_resync_drops_the_stale_row_and_folds_the_stream_up_to_the_marker_with_the_foreign_entries()
    {
        var model = Model();
        var x = Key("x");
        var created = await AddAsync(x, 1, "UserCreated", ("name", "Xavier"));
        await AddAsync(x, 2, "NameChanged", ("name", "Xavier from elsewhere"));
        var emailed = await AddAsync(x, 3, "EmailUpdated", ("email", "x@elsewhere.example"));
        await AddAsync(x, 4, "NameChanged", ("name", "Not yet referenced"));
        var projector = Projector(model);

        // The feed knew only the first entry; the marker covers up to the third, not the fourth.
        await projector.ProcessAsync([Ref("1-1", x, created, 1, "UserCreated"), Ref("1-2", x, emailed, 3, FeedMarkers.Resync)]);

        var row = await model.GetAsync(Id(x));
        Assert.Equal(("Xavier from elsewhere", "x@elsewhere.example", 3), (row!.Name, row.Email, row.Version));
        Assert.Equal(Id(x), (await model.FindByEmailAsync("x@elsewhere.example"))?.Id);
        Assert.Equal("1-2", await model.ReadCheckpointAsync(0));
    }

    [Fact]
    public async Task a_failing_resync_group_is_never_split_by_the_bisect_and_goes_to_the_dead_letters_as_one_marker()
    {
        var inner = Model();
        var (a, x, b) = (Key("a"), Key("x"), Key("b"));
        var aId = await AddAsync(a, 1, "UserCreated", ("name", "Ann"));
        await AddAsync(x, 1, "UserCreated", ("name", "Xena"));
        await AddAsync(x, 2, "NameChanged", ("name", "Xena II"));
        var xLast = await AddAsync(x, 3, "AddressUpdated", ("new_address", "3 Poison Row"));
        var bId = await AddAsync(b, 1, "UserCreated", ("name", "Bob"));
        // The model has a bug on this one user's address: every apply holding it fails.
        var failing = new FailingProjection(inner, e => e.AggregateId == Id(x) && e.Event is AddressUpdated);
        var projector = Projector(failing);

        await projector.ProcessAsync([Ref("1-1", a, aId, 1, "UserCreated"), Ref("1-2", x, xLast, 3, FeedMarkers.Resync), Ref("1-3", b, bId, 1, "UserCreated")]);

        // Every attempt held all four events of the marker's group, or none of them.
        Assert.All(failing.Attempts, batch => Assert.Contains(batch.Count(e => e.Reference.FeedEntryId == "1-2"), new[] { 0, 4 }));
        Assert.Contains(failing.Attempts, batch => batch.Count == 4 && batch.All(e => e.Reference.FeedEntryId == "1-2"));
        var letter = Assert.Single(await new DeadLetterStore(fixture.Multiplexer, _prefix).ListAsync(inner.Name));
        Assert.Equal(new FeedReference(0, "1-2", x, xLast, 3, FeedMarkers.Resync), letter.Reference);
        Assert.Contains("a bug", letter.Reason);
        Assert.Null(await inner.GetAsync(Id(x)));
        Assert.Equal(("Ann", "Bob"), ((await inner.GetAsync(Id(a)))?.Name, (await inner.GetAsync(Id(b)))?.Name));
        Assert.Equal("1-3", await inner.ReadCheckpointAsync(0));
    }

    [Fact]
    public async Task a_garbled_entry_inside_a_resync_sends_the_marker_to_the_dead_letters_and_the_partition_goes_on()
    {
        var model = Model();
        var (x, b) = (Key("x"), Key("b"));
        await AddAsync(x, 1, "UserCreated", ("name", "Gus"));
        var garbled = (string)(await fixture.Db.StreamAddAsync(x, [new("type", "UserTeleported"), new("id", Id(x)), new("_version", "2")]))!;
        var bId = await AddAsync(b, 1, "UserCreated", ("name", "Bea"));

        await Projector(model).ProcessAsync([Ref("2-1", x, garbled, 2, FeedMarkers.Resync), Ref("2-2", b, bId, 1, "UserCreated")]);

        var letter = Assert.Single(await new DeadLetterStore(fixture.Multiplexer, _prefix).ListAsync(model.Name));
        Assert.Equal((FeedMarkers.Resync, garbled), (letter.Reference.Type, letter.Reference.StreamEntryId));
        Assert.Contains($"entry {garbled}", letter.Reason);
        Assert.Contains("UserTeleported", letter.Reason);
        Assert.Equal("Bea", (await model.GetAsync(Id(b)))?.Name);
        Assert.Equal("2-2", await model.ReadCheckpointAsync(0));
    }

    private RedisUserReadModel Model() => new(fixture.Multiplexer, new RedisUserReadModelOptions { Name = $"resync-{Guid.NewGuid():N}" });

    private PartitionProjector Projector(IProjection projection) => new(0, [projection],
        new FeedEventResolver(fixture.Multiplexer, new Dictionary<string, Type> { ["user"] = typeof(UserEvent) }),
        new DeadLetterStore(fixture.Multiplexer, _prefix), NullLogger.Instance, maxAttempts: 1);

    private string Key(string id) => $"{_prefix}:{{p00}}:user:{id}";

    private static string Id(string key) => StreamKeyParts.Split(key).Id;

    private static FeedReference Ref(string feedEntryId, string key, string entryId, int version, string type) => new(0, feedEntryId, key, entryId, version, type);

    /// <summary>An entry as the contract says another program writes it: type, payload, _version.</summary>
    private async Task<string> AddAsync(string key, int version, string type, params (string Name, string Value)[] payload)
    {
        NameValueEntry[] fields = [new("type", type), new("id", Id(key)), .. payload.Select(p => new NameValueEntry(p.Name, p.Value)), new("_version", version)];
        return (string)(await fixture.Db.StreamAddAsync(key, fields))!;
    }

    /// <summary>A real model with a bug: any apply holding an event <paramref name="buggy"/> picks throws.</summary>
    private sealed class FailingProjection(IProjection inner, Func<FeedEvent, bool> buggy) : IProjection
    {
        public List<IReadOnlyList<FeedEvent>> Attempts { get; } = [];

        public string Name => inner.Name;

        public string Category => inner.Category;

        public Task<string?> ReadCheckpointAsync(int partition, CancellationToken cancellationToken = default) => inner.ReadCheckpointAsync(partition, cancellationToken);

        public Task ApplyAsync(int partition, IReadOnlyList<FeedEvent> events, string checkpoint, CancellationToken cancellationToken = default)
        {
            Attempts.Add(events);
            return events.Any(buggy)
                ? throw new InvalidOperationException("a bug in the projection")
                : inner.ApplyAsync(partition, events, checkpoint, cancellationToken);
        }

        public Task ResetAsync(CancellationToken cancellationToken = default) => inner.ResetAsync(cancellationToken);
    }
}
