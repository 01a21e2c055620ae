using System.Globalization;
using Microsoft.Extensions.Logging;
using RedisEventSourcing.Projections.DeadLetters;
using RedisEventSourcing.Projections.Running;
using StackExchange.Redis;

namespace RedisEventSourcing.Projections.Rebuild;

/// <summary>
/// Fills one copy of a projection from the partition feeds, each partition from the copy's own
/// checkpoint: the same <see cref="PartitionProjector"/> the live runner uses, fed by large
/// <c>XRANGE</c> pages instead of deliveries. Because the copy's checkpoint moves with each page it
/// applies, a build that stops anywhere (a crash, a cancel) resumes where it stopped.
/// Partitions are independent, so several are filled at once.
/// </summary>
public sealed class CopyBuilder(IConnectionMultiplexer redis, string keyPrefix, int partitions, IReadOnlyDictionary<string, Type> eventTypes, ILogger logger)
{
    /// <summary>Feed entries read and applied per page.</summary>
    public int PageSize { get; init; } = 1000;

    /// <summary>Partitions filled at the same time.</summary>
    public int Parallelism { get; init; } = 4;

    /// <summary>
    /// Applies every feed entry after the copy's checkpoints (up to <paramref name="asOf"/>, by the
    /// time of the feed entry id, when given) to <paramref name="copy"/>. <paramref name="applied"/>
    /// hears the number of feed entries of each page applied.
    /// </summary>
    /// <returns>The feed entries applied by this call.</returns>
    public async Task<long> BuildAsync(IProjection copy, DateTimeOffset? asOf = null, IProgress<long>? applied = null, CancellationToken cancellationToken = default)
    {
        var reader = new FeedReader(redis, keyPrefix);
        var deadLetters = new DeadLetterStore(redis, keyPrefix);
        var until = asOf is { } instant ? instant.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) + "-" + ulong.MaxValue.ToString(CultureInfo.InvariantCulture) : null;
        long total = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, partitions),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (partition, ct) =>
            {
                // A resolver per partition: its decoders reuse one payload buffer (EntryDecoder is
                // single-threaded), so one shared by partitions filled at once mixes their entries up.
                var projector = new PartitionProjector(partition, [copy], new FeedEventResolver(redis, eventTypes), deadLetters, logger, traceApplies: false);
                var after = await projector.StartAfterAsync();
                while (true)
                {
                    ct.ThrowIfCancellationRequested();
                    var page = await reader.ReadAfterAsync(partition, after, PageSize, until);
                    if (page.Count == 0) return;
                    await projector.ProcessAsync(page, ct);
                    after = page[^1].FeedEntryId;
                    Interlocked.Add(ref total, page.Count);
                    applied?.Report(page.Count);
                }
            });
        return total;
    }

    /// <summary>Feed entries of every partition now (what a build from the start reads, give or take appends).</summary>
    public async Task<long> FeedLengthAsync()
    {
        var reader = new FeedReader(redis, keyPrefix);
        var db = redis.GetDatabase();
        var lengths = await Task.WhenAll(Enumerable.Range(0, partitions).Select(p => db.StreamLengthAsync(reader.FeedKey(p))));
        return lengths.Sum();
    }
}
