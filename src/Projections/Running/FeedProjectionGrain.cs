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
    private readonly Dictionary<string, ProjectionPump> _pumps = new(StringComparer.Ordinal);
    // What the copies' pumps share: delivered references (no feed reads live) and decoded events
    // (each entry read and decoded once, however many copies apply it).
    private readonly FeedWindow _window = new();
    private readonly ResolvedEvents _resolved = new();
    private StackExchange.Redis.IConnectionMultiplexer? _redis;
    private FeedEventResolver? _resolver;
    private DeadLetterStore? _deadLetters;
    private int _partition;
    private FeedReader? _reader;
    private DeadLetterReplay? _replay;

    private bool Runs => _reader is not null;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (_connection is null || _copies is null || !_copies.Any) return;
        var key = this.GetPrimaryKeyString();
        if (!FeedStream.TryGetPartition(Orleans.Runtime.StreamId.Create(FeedStream.Namespace, key), out _partition))
            throw new InvalidOperationException($"'{key}' is not a partition feed key.");
        var options = _connection.Options;
        var redis = _redis = await _connection.GetAsync();
        _reader = new FeedReader(redis, options.KeyPrefix);
        _deadLetters = new DeadLetterStore(redis, options.KeyPrefix);
        _resolver = new FeedEventResolver(redis, options.EventTypes);
        _replay = new DeadLetterReplay(_resolver, _deadLetters);
        await UseFollowedCopiesAsync();
        // Whatever the copies have not applied yet, from their own checkpoints: deliveries only say where the feed ends.
        if (await _reader.LastIdAsync(_partition) is { } end) foreach (var pump in _pumps.Values) pump.Advance(end);
    }

    /// <summary>
    /// Reads again which copies to keep current (a rebuild started following, or a switch retired a
    /// copy) and catches every one of them up to the end of the feed before returning, so the caller
    /// knows the copies are in step from here on.
    /// </summary>
    public async Task Refresh()
    {
        if (!Runs) throw new InvalidOperationException("This silo runs no projections (AddProjections was not called).");
        await UseFollowedCopiesAsync();
        await CatchUp();
    }

    private async Task UseFollowedCopiesAsync()
    {
        var followed = await _copies!.FollowedAsync();
        foreach (var name in _pumps.Keys.Except(followed.Select(p => p.Name)).ToList())
        {
            await _pumps[name].PauseAsync();
            _pumps.Remove(name);
        }
        var options = _connection!.Options;
        foreach (var p in followed.Where(p => !_pumps.ContainsKey(p.Name)))
        {
            // Each copy its own resolver: decoders keep buffers, and pumps interleave at their awaits.
            var projector = new PartitionProjector(_partition, [p], new FeedEventResolver(_redis!, options.EventTypes, _resolved), _deadLetters!, logger);
            _pumps[p.Name] = new ProjectionPump(projector, _reader!, options.CatchUpPageSize, logger, options.ConfigurationOptions, _window);
        }
    }

    /// <summary>The implicit subscription to this partition's feed stream is handed over here.</summary>
    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<FeedReference>().ResumeAsync(Runs ? OnNextBatchAsync : _ => Task.CompletedTask);

    /// <summary>Catches every copy up to the end of the feed as of now (operations and tests call it).</summary>
    public async Task CatchUp()
    {
        if (!Runs) throw new InvalidOperationException("This silo runs no projections (AddProjections was not called).");
        // To the end as of now, not "until a page comes back empty", which under steady writes may
        // never happen; what arrives later, the pumps apply as it is delivered.
        if (await _reader!.LastIdAsync(_partition) is not { } end) return;
        await Task.WhenAll(_pumps.Values.Select(p => p.ReachAsync(end)));
    }

    public async Task<DeadLetterReplayResult> ReplayDeadLetters(string projection)
    {
        if (!Runs) throw new InvalidOperationException("This silo runs no projections (AddProjections was not called).");
        var pump = _pumps.Values.FirstOrDefault(p => p.Projection.Name == projection)
            ?? throw new ArgumentException($"No projection copy '{projection}' runs here; known: {string.Join(", ", _pumps.Keys)}.", nameof(projection));
        // Up to date first, then nothing moves the checkpoint while the aggregates are derived at it.
        await CatchUp();
        await pump.PauseAsync();
        try
        {
            var (cleared, problems) = await _replay!.ReplayAsync(pump.Projection, _partition);
            return new DeadLetterReplayResult(cleared, problems);
        }
        finally
        {
            pump.Resume();
        }
    }

    // Deliveries are a signal, not the data: each copy's pump reads the feed from its own checkpoint
    // up to the newest delivered entry, so nothing here can fail or make Orleans redeliver. What
    // was delivered only spares the pumps that read when it chains on from their checkpoints.
    private Task OnNextBatchAsync(IList<SequentialItem<FeedReference>> items)
    {
        if (items.Count == 0) return Task.CompletedTask;
        foreach (var item in items)
            if (item.Token is Streaming.FeedSequenceToken { After: { } after }) _window.Add(after, item.Item);
        var newest = items[^1].Item.FeedEntryId;
        foreach (var pump in _pumps.Values) pump.Advance(newest);
        return Task.CompletedTask;
    }
}

/// <summary>The partition projection grain's own calls (operations and tests); deliveries come through the stream.</summary>
public interface IFeedProjectionGrain : IGrainWithStringKey
{
    Task CatchUp();

    Task Refresh();

    Task<DeadLetterReplayResult> ReplayDeadLetters(string projection);
}
