using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Streams;
using Orleans.Streams.Core;
using RedisEventSourcing.Projections.Copies;
using RedisEventSourcing.Projections.DeadLetters;
using RedisEventSourcing.Projections.Streaming;

namespace RedisEventSourcing.Projections.Running;

/// <summary>
/// Runs every projection over one partition feed. Orleans gives each partition's stream one reader
/// in the cluster and activates this grain (keyed by the partition, <c>"07"</c>) for it. Deliveries
/// are a fast path, not the source of truth: on activation, and after any failed batch, the grain
/// first catches up from the projections' own checkpoints by reading the feed itself, so an entry
/// the stream runtime gave up on, or a crash between apply and delivery, never leaves a hole.
/// </summary>
[ImplicitStreamSubscription(FeedStream.Namespace)]
public sealed partial class FeedProjectionGrain(
    IServiceProvider services,
    ILogger<FeedProjectionGrain> logger) : Grain, IFeedProjectionGrain, IStreamSubscriptionObserver
{
    // Absent in a silo that reads the feeds without running projections (AddProjections not
    // called): the grain then takes its deliveries and does nothing.
    private readonly ProjectionConnection? _connection = services.GetService<ProjectionConnection>();
    private readonly ProjectionCopies? _copies = services.GetService<ProjectionCopies>();
    private PartitionProjector? _projector;
    private FeedEventResolver? _resolver;
    private DeadLetterStore? _deadLetters;
    private int _partition;
    private FeedReader? _reader;
    private DeadLetterReplay? _replay;
    private bool _behind = true;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (_connection is null || _copies is null || !_copies.Any) return;
        var key = this.GetPrimaryKeyString();
        if (!FeedStream.TryGetPartition(Orleans.Runtime.StreamId.Create(FeedStream.Namespace, key), out _partition))
            throw new InvalidOperationException($"'{key}' is not a partition feed key.");
        var options = _connection.Options;
        var redis = await _connection.GetAsync();
        _reader = new FeedReader(redis, options.KeyPrefix);
        _deadLetters = new DeadLetterStore(redis, options.KeyPrefix);
        _resolver = new FeedEventResolver(redis, options.EventTypes);
        _replay = new DeadLetterReplay(_resolver, _deadLetters);
        await UseFollowedCopiesAsync();
    }

    /// <summary>
    /// Reads again which copies to keep current (a rebuild started following, or a switch retired a
    /// copy) and catches every one of them up to the end of the feed before returning, so the caller
    /// knows the copies are in step from here on.
    /// </summary>
    public async Task Refresh()
    {
        if (_copies is null || _connection is null) throw new InvalidOperationException("This silo runs no projections (AddProjections was not called).");
        await UseFollowedCopiesAsync();
        await CatchUp();
    }

    private async Task UseFollowedCopiesAsync() =>
        _projector = new PartitionProjector(_partition, await _copies!.FollowedAsync(), _resolver!, _deadLetters!, logger);

    /// <summary>The implicit subscription to this partition's feed stream is handed over here.</summary>
    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<FeedReference>().ResumeAsync(_projector is null ? _ => Task.CompletedTask : OnNextBatchAsync);

    /// <summary>Catches every projection up to the end of the feed now (operations and tests call it).</summary>
    public async Task CatchUp()
    {
        if (_projector is null) throw new InvalidOperationException("This silo runs no projections (AddProjections was not called).");
        // To the end as of now, not "until a page comes back empty", which under steady writes may
        // never happen; what arrives later comes through deliveries, applied to every copy.
        var end = await _reader!.LastIdAsync(_projector.Partition);
        if (end is not null) await CatchUpAsync(untilInclusive: end);
        _behind = false;
    }

    public async Task<DeadLetterReplayResult> ReplayDeadLetters(string projection)
    {
        if (_projector is null) throw new InvalidOperationException("This silo runs no projections (AddProjections was not called).");
        var target = _projector.Projections.FirstOrDefault(p => p.Name == projection)
            ?? throw new ArgumentException($"No projection copy '{projection}' runs here; known: {string.Join(", ", _projector.Projections.Select(p => p.Name))}.", nameof(projection));
        // Up to date first, so the aggregates are derived at the checkpoint the live apply goes on from.
        await CatchUp();
        var (cleared, problems) = await _replay!.ReplayAsync(target, _projector.Partition);
        return new DeadLetterReplayResult(cleared, problems);
    }

    private async Task OnNextBatchAsync(IList<SequentialItem<FeedReference>> items)
    {
        if (items.Count == 0) return;
        var batch = items.Select(i => i.Item).ToList();
        try
        {
            if (_behind)
            {
                await CatchUpAsync(untilInclusive: batch[^1].FeedEntryId);
                _behind = false;
                return;
            }
            await _projector!.ProcessAsync(batch);
        }
        catch (Exception e)
        {
            // The checkpoints say where each projection is; read from there once the store is back.
            _behind = true;
            _projector!.Forget();
            LogBatchFailed(logger, e, _projector.Partition);
            throw;
        }
    }

    private async Task CatchUpAsync(string? untilInclusive)
    {
        var after = await _projector!.StartAfterAsync();
        var pageSize = _connection!.Options.CatchUpPageSize;
        while (true)
        {
            var page = await _reader!.ReadAfterAsync(_projector.Partition, after, pageSize);
            if (untilInclusive is not null) page = page.Where(r => !FeedPosition.IsAfter(r.FeedEntryId, untilInclusive)).ToList();
            if (page.Count == 0) return;
            await _projector.ProcessAsync(page);
            after = page[^1].FeedEntryId;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Projections of partition {Partition} failed on a delivered batch; they will catch up from their checkpoints")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, int partition);
}

/// <summary>The partition projection grain's own calls (operations and tests); deliveries come through the stream.</summary>
public interface IFeedProjectionGrain : IGrainWithStringKey
{
    Task CatchUp();

    Task Refresh();

    Task<DeadLetterReplayResult> ReplayDeadLetters(string projection);
}
