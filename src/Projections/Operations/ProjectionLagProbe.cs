using RedisEventSourcing.Projections.Copies;
using RedisEventSourcing.Projections.Running;
using RedisEventSourcing.Serialization;
using StackExchange.Redis;

namespace RedisEventSourcing.Projections.Operations;

/// <summary>
/// Reads, for each projection this silo knows, how long the oldest feed entry its live copy has
/// not applied has waited: per partition the checkpoint and the one entry after it, no more, so a
/// health probe stays cheap however far behind a projection is (the operator's
/// <see cref="IProjectionAdminGrain.Status"/> also counts the entries). Like the status, it
/// answers for the whole cluster, from the checkpoints, whichever silo runs each partition.
/// </summary>
public sealed class ProjectionLagProbe(ProjectionCopies copies, ProjectionConnection connection)
{
    public bool Any => copies.Any;

    public async Task<IReadOnlyList<ProjectionLag>> ReadAsync(CancellationToken cancellationToken = default)
    {
        var redis = await connection.GetAsync().WaitAsync(cancellationToken);
        var db = redis.GetDatabase();
        var feeds = new FeedReader(redis, connection.Options.KeyPrefix);
        var partitions = Enumerable.Range(0, connection.Options.Partitions).ToList();
        var lags = new List<ProjectionLag>();
        foreach (var projection in copies.Names)
        {
            var live = await copies.LiveAsync(projection).WaitAsync(cancellationToken);
            var waits = await Task.WhenAll(partitions.Select(p => OldestUnappliedAsync(db, feeds, live, p, cancellationToken)));
            var worst = partitions.Where(p => waits[p] is not null).OrderByDescending(p => waits[p]).Cast<int?>().FirstOrDefault();
            lags.Add(new ProjectionLag(projection, live.Name, worst is { } w ? waits[w] : null, worst, waits.Count(t => t is not null)));
        }
        return lags;
    }

    private static async Task<TimeSpan?> OldestUnappliedAsync(IDatabase db, FeedReader feeds, IProjection copy, int partition, CancellationToken cancellationToken)
    {
        var checkpoint = await copy.ReadCheckpointAsync(partition, cancellationToken);
        var next = await db.StreamRangeAsync(feeds.FeedKey(partition), checkpoint is null ? "-" : "(" + checkpoint, "+", count: 1).WaitAsync(cancellationToken);
        // Never negative: this host's clock may trail the Redis server's a little.
        return next.Length == 0 ? null : TimeSpan.FromTicks(Math.Max(0, (DateTimeOffset.UtcNow - EventMetadata.TimestampOf(next[0].Id.ToString())).Ticks));
    }
}
