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
/// A copy that allows one apply at a time (as the SQL models do) gets one: the pumps of four
/// partitions racing to the ends of their feeds take turns, and every user still lands. Feeds and
/// streams written with plain XADD under a prefix of the test's own; the real Redis users model applies.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ApplyTurnsTests(ClusterFixture fixture)
{
    private readonly string _prefix = $"at{Guid.NewGuid():N}";

    [Fact]
    public async Task the_pumps_of_every_partition_take_turns_and_every_user_is_applied()
    {
        var model = new RedisUserReadModel(fixture.Multiplexer, new RedisUserReadModelOptions { Name = $"turns-{Guid.NewGuid():N}" });
        var projection = new OneAtATime(model);
        var reader = new FeedReader(fixture.Multiplexer, _prefix);
        var pumps = new List<(ProjectionPump Pump, string End)>();
        for (var partition = 0; partition < 4; partition++)
        {
            string end = "";
            for (var u = 0; u < 5; u++) end = await AddUserAsync(partition, $"u{partition}x{u}");
            var projector = new PartitionProjector(partition, [projection],
                new FeedEventResolver(fixture.Multiplexer, new Dictionary<string, Type> { ["user"] = typeof(UserEvent) }),
                new DeadLetterStore(fixture.Multiplexer, _prefix), NullLogger.Instance);
            pumps.Add((new ProjectionPump(projector, reader, pageSize: 2, NullLogger.Instance), end));
        }

        await Task.WhenAll(pumps.Select(p => p.Pump.ReachAsync(p.End)).ToList()).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(1, projection.MostAtOnce);
        Assert.True(projection.Applies >= 4 * 3, $"pages of 2 over 5 users each: at least 3 applies per partition, saw {projection.Applies}");
        for (var partition = 0; partition < 4; partition++)
            for (var u = 0; u < 5; u++)
                Assert.Equal($"Name u{partition}x{u}", (await model.GetAsync($"u{partition}x{u}"))?.Name);
    }

    private async Task<string> AddUserAsync(int partition, string id)
    {
        var stream = $"{_prefix}:{{p{partition:D2}}}:user:{id}";
        var entryId = (string)(await fixture.Db.StreamAddAsync(stream, [new("type", "UserCreated"), new("id", id), new("name", $"Name {id}"), new("_version", 1)]))!;
        return (string)(await fixture.Db.StreamAddAsync($"{_prefix}:{{p{partition:D2}}}:feed",
            [new("_stream", stream), new("_id", entryId), new("_version", 1), new("type", "UserCreated")]))!;
    }

    /// <summary>The real model, allowing one apply at a time, and counting how many ran at once.</summary>
    private sealed class OneAtATime(IProjection inner) : IProjection
    {
        private int _running;
        private int _most;
        private int _applies;

        public int MostAtOnce => _most;

        public int Applies => _applies;

        public string Name => inner.Name;

        public string Category => inner.Category;

        public int MaxConcurrentApplies => 1;

        public Task<string?> ReadCheckpointAsync(int partition, CancellationToken cancellationToken = default) => inner.ReadCheckpointAsync(partition, cancellationToken);

        public async Task ApplyAsync(int partition, IReadOnlyList<FeedEvent> events, string checkpoint, CancellationToken cancellationToken = default)
        {
            var now = Interlocked.Increment(ref _running);
            InterlockedMax(ref _most, now);
            Interlocked.Increment(ref _applies);
            try
            {
                // Long enough that pumps without turns would overlap here.
                await Task.Delay(20, cancellationToken);
                await inner.ApplyAsync(partition, events, checkpoint, cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref _running);
            }
        }

        public Task ResetAsync(CancellationToken cancellationToken = default) => inner.ResetAsync(cancellationToken);

        private static void InterlockedMax(ref int target, int value)
        {
            int seen;
            while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
            {
            }
        }
    }
}
