using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Streams;
using RedisEventSourcing.Projections.Options;

namespace RedisEventSourcing.Projections.Streaming;

/// <summary>
/// Reads one partition feed for the pulling agent that owns the partition: <c>XREAD BLOCK</c> on a
/// connection of its own, from where <see cref="IFeedStartPosition"/> says, each entry one batch.
/// No consumer group: Orleans' queue balancer already gives the partition one reader, and the
/// position that matters is each consumer's own checkpoint, so there is nothing to acknowledge.
/// </summary>
internal sealed class RedisFeedReceiver(
    int partition, string feedKey, RedisFeedStreamOptions options, IFeedStartPosition startPosition, ILogger logger) : IQueueAdapterReceiver
{
    private readonly StreamId _streamId = FeedStream.IdOf(partition);
    private Task? _start;
    private FeedConnection? _connection;
    private string _after = "0-0";
    private Task? _read;
    private bool _stopped;

    public Task Initialize(TimeSpan timeout) => EnsureStartedAsync().WaitAsync(timeout);

    // The agent calls Initialize once and pumps even if it failed: every read retries the start.
    private Task EnsureStartedAsync()
    {
        if (_start is { IsFaulted: true } or { IsCanceled: true }) _start = null;
        return _start ??= StartAsync();
    }

    private async Task StartAsync()
    {
        var connection = await FeedConnection.OpenAsync(options);
        try
        {
            var after = await startPosition.StartAfterAsync(partition);
            if (after is null or "0") after = "0-0";
            if (!FeedSequenceToken.TryParse(after, out _))
                throw new InvalidOperationException($"{startPosition.GetType().Name} gave '{after}' as the start of partition {partition}; a feed entry id (ms-seq) is needed.");
            _after = after;
            _connection = connection;
            logger.Started(feedKey, after, connection.IsShared ? "polling a shared connection" : $"blocking up to {options.BlockTime.TotalMilliseconds} ms");
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

#pragma warning disable CS0618 // The agent still calls the overload without a token on some paths.
    public Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount) => GetQueueMessagesAsync(maxCount, CancellationToken.None);
#pragma warning restore CS0618

    public async Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount, CancellationToken cancellationToken)
    {
        if (_stopped) return [];
        try
        {
            return await ReadAsync(maxCount, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The agent is stopping (silo shutdown, queue moved): nothing was consumed, nothing to report.
            return [];
        }
    }

    private async Task<IList<IBatchContainer>> ReadAsync(int maxCount, CancellationToken cancellationToken)
    {
        await EnsureStartedAsync().WaitAsync(cancellationToken);
        var count = maxCount == QueueAdapterConstants.UNLIMITED_GET_QUEUE_MSG ? options.ReadBatchSize : Math.Min(maxCount, options.ReadBatchSize);
        if (count <= 0) return [];
        // A shared multiplexer is never blocked: the agent's timer period is then the polling interval.
        var read = FeedRead.AfterAsync(_connection!.Database, feedKey, _after, count, _connection.IsShared ? null : options.BlockTime);
        _read = read;
        // Given up on a cancelled wait, the entries are simply read again: _after moves only below.
        var entries = await read.WaitAsync(cancellationToken);
        var batches = new List<IBatchContainer>(entries.Count);
        foreach (var entry in entries)
        {
            var reference = FeedEntryParser.Parse(partition, entry, out var problems);
            if (problems.Count > 0) logger.Malformed(feedKey, reference.FeedEntryId, string.Join("; ", problems));
            if (!FeedSequenceToken.TryParse(reference.FeedEntryId, out var token))
                throw new InvalidOperationException($"Redis returned '{reference.FeedEntryId}' as an entry id of '{feedKey}'.");
            token.After = _after;
            batches.Add(new FeedBatchContainer(_streamId, reference, token));
            _after = reference.FeedEntryId;
        }
        return batches;
    }

    // Orleans calls this when its cache lets entries go, not when consumers applied them: no
    // position may move here. Consumers' checkpoints are the positions (IFeedStartPosition).
#pragma warning disable CS0618
    public Task MessagesDeliveredAsync(IList<IBatchContainer> messages) => Task.CompletedTask;
#pragma warning restore CS0618

    public async Task Shutdown(TimeSpan timeout)
    {
        _stopped = true;
        // A blocked read ends within BlockTime; dispose the connection only after it.
        if (_read is { } read)
            await read.WaitAsync(timeout).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (_connection is { } connection)
            await connection.DisposeAsync();
        _connection = null;
        logger.Stopped(feedKey, _after);
    }
}
