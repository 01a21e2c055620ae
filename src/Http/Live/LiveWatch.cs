using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Grains.Interfaces;
using Orleans.Streams;

namespace Users.Http.Live;

/// <summary>
/// One HTTP client's watch of one user: subscribed to its own watch stream before the watch starts
/// (so nothing appended in between is missed), the lease renewed while the request is open, and
/// stopped and unsubscribed when it ends. The same protocol as <c>users watch</c>.
/// </summary>
internal sealed class LiveWatch : IAsyncDisposable
{
    // Short, so a client that vanished without the server noticing stops costing reads soon.
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan CleanUpTimeout = TimeSpan.FromSeconds(2);

    private readonly Guid _watchId = Guid.NewGuid();
    private readonly IUserWatchGrain _grain;
    private readonly IAsyncStream<UserWatchItem> _stream;
    private readonly Channel<UserWatchItem> _items = Channel.CreateUnbounded<UserWatchItem>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _renewal = new();
    private StreamSubscriptionHandle<UserWatchItem>? _subscription;
    private int _seen;

    public LiveWatch(IGrainFactory grains, WatchStreamSource streams, string userId)
    {
        _grain = grains.GetGrain<IUserWatchGrain>(userId);
        _stream = streams.For(_watchId);
    }

    /// <summary>Subscribes and starts the watch; returns the version it starts after.</summary>
    public async Task<int> StartAsync(int? afterVersion, CancellationToken cancellationToken)
    {
        _subscription = await _stream.SubscribeAsync(
            (item, _) => _items.Writer.WriteAsync(item).AsTask(),
            error => Complete(error),
            () => Complete(null));
        var after = await _grain.Start(_watchId, afterVersion, Lease).WaitAsync(cancellationToken);
        Volatile.Write(ref _seen, after);
        _ = RenewAsync(_renewal.Token);
        return after;
    }

    /// <summary>The items in log order, each event once, until the request ends or the stream does.</summary>
    public async IAsyncEnumerable<UserWatchItem> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in _items.Reader.ReadAllAsync(cancellationToken))
            if (Accept(item)) yield return item;
    }

    public async ValueTask DisposeAsync()
    {
        await _renewal.CancelAsync();
        await QuietlyAsync(() => _grain.Stop(_watchId));
        if (_subscription is { } subscription) await QuietlyAsync(subscription.UnsubscribeAsync);
        _renewal.Dispose();
    }

    private Task Complete(Exception? error)
    {
        _items.Writer.TryComplete(error);
        return Task.CompletedTask;
    }

    /// <summary>
    /// False for an event already sent: a watch started again after a late renewal may repeat what
    /// was in flight. A clear numbers the log from 1 again.
    /// </summary>
    private bool Accept(UserWatchItem item)
    {
        switch (item.Kind)
        {
            case UserWatchItemKind.Cleared:
                Volatile.Write(ref _seen, 0);
                return true;
            case UserWatchItemKind.Event when item.Version <= Volatile.Read(ref _seen):
                return false;
            case UserWatchItemKind.Event:
                Volatile.Write(ref _seen, item.Version);
                return true;
            default:
                return true;
        }
    }

    /// <summary>If the grain forgot the watch (its silo went away, a renewal came late), start again after the last version sent.</summary>
    private async Task RenewAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(RenewEvery, cancellationToken);
                if (!await _grain.Renew(_watchId, Lease).WaitAsync(cancellationToken))
                    await _grain.Start(_watchId, Volatile.Read(ref _seen), Lease).WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception)
            {
                // The next round tries again; the lease outlives two missed renewals.
            }
        }
    }

    private static async Task QuietlyAsync(Func<Task> cleanUp)
    {
        try
        {
            await cleanUp().WaitAsync(CleanUpTimeout);
        }
        catch (Exception)
        {
            // Best effort: an unrenewed lease ends the watch on the silo anyway.
        }
    }
}
