using Orleans.Concurrency;
using RedisEventSourcing.Projections.Copies;
using RedisEventSourcing.Projections.DeadLetters;
using RedisEventSourcing.Projections.Running;
using StackExchange.Redis;

namespace RedisEventSourcing.Projections.Operations;

/// <summary>Answers from the checkpoints, the catalog and the feeds themselves, not from any grain's memory.</summary>
[StatelessWorker]
public sealed class ProjectionAdminGrain(ProjectionCopies copies, ProjectionConnection connection) : Grain, IProjectionAdminGrain
{
    private const int LagCountCap = 1_000;

    public async Task<IReadOnlyList<ProjectionPartitionStatus>> Status()
    {
        var redis = await connection.GetAsync();
        var reader = new FeedReader(redis, connection.Options.KeyPrefix);
        var deadLetters = new DeadLetterStore(redis, connection.Options.KeyPrefix);
        var db = redis.GetDatabase();
        var status = new List<ProjectionPartitionStatus>();
        foreach (var (projection, copy, role) in await CopiesAsync())
        {
            var dead = await db.StreamLengthAsync(deadLetters.Key(copy.Name));
            for (var partition = 0; partition < connection.Options.Partitions; partition++)
            {
                var checkpoint = await copy.ReadCheckpointAsync(partition);
                var after = await db.StreamRangeAsync(reader.FeedKey(partition), checkpoint is null ? "-" : "(" + checkpoint, "+", LagCountCap);
                TimeSpan? age = after.Length == 0 ? null : DateTimeOffset.UtcNow - Serialization.EventMetadata.TimestampOf(after[0].Id.ToString());
                status.Add(new ProjectionPartitionStatus(projection, partition, checkpoint, after.Length, age, dead, copy.Name, role));
            }
        }
        return status;
    }

    public async Task<DeadLetterReplayResult> ReplayDeadLetters(string projection)
    {
        var copy = await LiveCopyNameAsync(projection);
        var results = await Task.WhenAll(Enumerable.Range(0, connection.Options.Partitions).Select(partition =>
            GrainFactory.GetGrain<IFeedProjectionGrain>(Streaming.FeedStream.KeyOf(partition)).ReplayDeadLetters(copy)));
        return new DeadLetterReplayResult(results.Sum(r => r.Cleared), results.SelectMany(r => r.Problems).ToList());
    }

    public async Task<FeedRepairResult> RepairFeed(int? partition = null)
    {
        var options = connection.Options;
        if (partition is { } p && (p < 0 || p >= options.Partitions))
            throw new ArgumentOutOfRangeException(nameof(partition), partition, $"Partitions are 0 to {options.Partitions - 1}.");
        var repair = new FeedRepair(await connection.GetAsync(), options.KeyPrefix, options.EventTypes.Keys);
        return await repair.RepairAsync(partition is { } one ? [one] : Enumerable.Range(0, options.Partitions).ToList());
    }

    public async Task<IReadOnlyList<DeadLetterView>> DeadLetters(string projection, int limit = 100)
    {
        var redis = await connection.GetAsync();
        var letters = await new DeadLetterStore(redis, connection.Options.KeyPrefix).ListAsync(await LiveCopyNameAsync(projection), limit);
        return letters.Select(d => new DeadLetterView(d.Id, d.Reference.Partition, d.Reference.FeedEntryId, d.Reference.StreamKey,
            d.Reference.StreamEntryId, d.Reference.Version, d.Reference.Type, d.Reason, d.Attempts)).ToList();
    }

    // A projection's name means its live copy; a copy's own name means that copy.
    private async Task<string> LiveCopyNameAsync(string name)
    {
        if (!copies.Names.Contains(name, StringComparer.Ordinal)) return name;
        return (await copies.LiveAsync(name)).Name;
    }

    private async Task<List<(string Projection, IProjection Copy, string Role)>> CopiesAsync()
    {
        var catalog = await copies.CatalogAsync();
        var list = new List<(string, IProjection, string)>();
        foreach (var name in copies.Names)
        {
            if (!copies.HasCopies(name))
            {
                list.Add((name, await copies.LiveAsync(name), "live"));
                continue;
            }
            var entry = await catalog.ReadAsync(name);
            list.Add((name, copies.Open(name, entry.Live), "live"));
            if (entry.Next is { } next) list.Add((name, copies.Open(name, next), entry.NextState ?? ProjectionCatalog.Building));
        }
        return list;
    }
}
