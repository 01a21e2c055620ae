using Grains.Interfaces;
using Grains.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Streams;
using RedisEventSourcing;
using RedisEventSourcing.Serialization;
using RedisEventSourcing.Storage;
using StackExchange.Redis;

namespace Grains.Watch;

/// <summary>
/// Tails one user's stream while someone watches it, and publishes each new entry to every watch's
/// Orleans stream. The user grain's write path knows nothing of it: the log is the source of truth,
/// so entries written by any writer (the grain, or another program's <c>XADD</c>) are shown alike.
/// The tail is a grain timer reading <c>XRANGE (last +</c> on the event store's connection; it
/// runs only while a lease is alive, then the grain deactivates.
/// </summary>
public sealed class UserWatchGrain(
    [FromKeyedServices(UserGrainConstants.ProviderName)] RedisStreamsConnection connection,
    IOptions<UserWatchOptions> options,
    ILogger<UserWatchGrain> logger) : Grain, IUserWatchGrain
{
    // Per activation: the decoder reuses a buffer, and a grain runs one turn at a time.
    private readonly GrainStreamDecoder _decoder = new(typeof(UserGrain), typeof(UserEvent));
    private readonly Dictionary<Guid, Watcher> _watchers = [];
    private StreamTail? _tail;
    private IGrainTimer? _timer;
    private bool _readFailing;

    private string UserId => this.GetPrimaryKeyString();

    public async Task<int> Start(Guid watchId, int? afterVersion, TimeSpan lease)
    {
        var expiresAt = ExpiryOf(lease);
        if (afterVersion < 0) throw new ArgumentOutOfRangeException(nameof(afterVersion), afterVersion, "A version is 0 or more.");
        var stream = this.GetStreamProvider(UserWatchStreams.ProviderName).GetStream<UserWatchItem>(StreamId.Create(UserWatchStreams.Namespace, watchId));

        if (_tail is null)
        {
            // No one watches yet: the first read starts at the head (and the watcher skips what it saw) or at the end.
            var tail = await NewTailAsync();
            if (afterVersion is null) await tail.MoveToEndAsync();
            _tail = tail;
            _timer = this.RegisterGrainTimer(PollAsync,
                new GrainTimerCreationOptions(TimeSpan.Zero, options.Value.PollInterval) { Interleave = false, KeepAlive = true });
        }

        var watcher = new Watcher(stream, expiresAt, afterVersion ?? _tail.LastVersion);
        if (afterVersion < _tail.LastVersion)
            await CatchUpAsync(watcher, _tail.LastId!);
        _watchers[watchId] = watcher;
        logger.Started(UserId, watchId, afterVersion ?? _tail.LastVersion);
        return afterVersion ?? _tail.LastVersion;
    }

    public Task<bool> Renew(Guid watchId, TimeSpan lease)
    {
        var expiresAt = ExpiryOf(lease);
        if (!_watchers.TryGetValue(watchId, out var watcher)) return Task.FromResult(false);
        watcher.ExpiresAt = expiresAt;
        return Task.FromResult(true);
    }

    public Task Stop(Guid watchId)
    {
        if (_watchers.Remove(watchId) && _watchers.Count == 0) StopTailing();
        return Task.CompletedTask;
    }

    public Task<UserWatchStatus> GetStatus() =>
        Task.FromResult(new UserWatchStatus(_tail is not null, _watchers.Count, _tail?.LastVersion ?? 0, _tail?.LastId));

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        var now = DateTime.UtcNow;
        foreach (var (id, watcher) in _watchers.ToList())
        {
            if (watcher.ExpiresAt > now) continue;
            _watchers.Remove(id);
            logger.Expired(UserId, id);
        }
        if (_watchers.Count == 0)
        {
            StopTailing();
            return;
        }

        try
        {
            bool more;
            do
            {
                (var items, more) = await _tail!.ReadAsync();
                foreach (var watcher in _watchers.Values) await PublishAsync(watcher, watcher.Unseen(items));
            } while (more && !cancellationToken.IsCancellationRequested);
            _readFailing = false;
        }
        catch (Exception e) when (e is RedisException or TimeoutException or EventStoreUnavailableException)
        {
            // The next tick reads again from the same position: nothing is skipped, so one line per outage is enough.
            if (!_readFailing)
            {
                var redacted = RedisEventSourcing.Options.RedisSecrets.Redact(e, connection.Options.ConfigurationOptions);
                logger.ReadFailed(redacted, UserId, redacted.Message);
            }
            _readFailing = true;
        }
    }

    /// <summary>A watcher that starts behind the tail reads its own way up to the tail's position; the others never see it.</summary>
    private async Task CatchUpAsync(Watcher watcher, string untilId)
    {
        var catchUp = await NewTailAsync();
        while (true)
        {
            var (items, more) = await catchUp.ReadAsync(end: untilId);
            await PublishAsync(watcher, watcher.Unseen(items));
            // A clear since the tail's position leaves nothing of the old log to catch up on; the tail shows the new one.
            if (!more || items.Any(i => i.Kind == UserWatchItemKind.Cleared)) return;
        }
    }

    private async Task PublishAsync(Watcher watcher, List<UserWatchItem> items)
    {
        if (items.Count == 0) return;
        try
        {
            await watcher.Stream.OnNextBatchAsync(items);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // One watcher's broken stream must not stop the others; its lease will run out if its client is gone.
            logger.PublishFailed(e, UserId, watcher.Stream.StreamId.ToString());
        }
    }

    private async Task<StreamTail> NewTailAsync() =>
        new(await connection.GetDatabaseAsync(), _decoder.StreamKey(connection.Keys, UserId), _decoder, options.Value.PageSize);

    private void StopTailing()
    {
        _timer?.Dispose();
        _timer = null;
        _tail = null;
        logger.Stopped(UserId);
        DeactivateOnIdle();
    }

    private DateTime ExpiryOf(TimeSpan lease) =>
        lease > TimeSpan.Zero && lease <= options.Value.MaxLease
            ? DateTime.UtcNow + lease
            : throw new ArgumentOutOfRangeException(nameof(lease), lease, $"A lease lasts more than 0 and at most {options.Value.MaxLease}.");
}
