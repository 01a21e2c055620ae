using EventSourcing.Tests.Infrastructure;
using Grains.Interfaces;
using Orleans.Runtime;
using Orleans.Streams;

namespace EventSourcing.Tests.Watch;

/// <summary>A watcher as users-cli is one: subscribed to its own watch stream before it starts the watch.</summary>
internal sealed class WatchProbe : IAsyncDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);
    private readonly List<UserWatchItem> _received = [];
    private StreamSubscriptionHandle<UserWatchItem>? _subscription;

    private WatchProbe(IClusterClient client, string userId)
    {
        Grain = client.GetGrain<IUserWatchGrain>(userId);
        Stream = client.GetStreamProvider(UserWatchStreams.ProviderName)
            .GetStream<UserWatchItem>(StreamId.Create(UserWatchStreams.Namespace, WatchId));
    }

    public Guid WatchId { get; } = Guid.NewGuid();

    public IUserWatchGrain Grain { get; }

    private IAsyncStream<UserWatchItem> Stream { get; }

    public IReadOnlyList<UserWatchItem> Received
    {
        get
        {
            lock (_received) return _received.ToList();
        }
    }

    public static async Task<WatchProbe> SubscribeAsync(IClusterClient client, string userId)
    {
        var probe = new WatchProbe(client, userId);
        probe._subscription = await probe.Stream.SubscribeAsync((item, _) =>
        {
            lock (probe._received) probe._received.Add(item);
            return Task.CompletedTask;
        });
        return probe;
    }

    public Task<int> StartAsync(int? afterVersion = null, TimeSpan? lease = null) =>
        Grain.Start(WatchId, afterVersion, lease ?? TimeSpan.FromMinutes(1));

    /// <summary>The first <paramref name="count"/> items, once they have arrived (deadline-bounded).</summary>
    public async Task<IReadOnlyList<UserWatchItem>> FirstAsync(int count)
    {
        await Eventually.TrueAsync(() => Task.FromResult(Received.Count >= count), Deadline,
            $"{count} watch items (got {Received.Count}: {string.Join(", ", Received.Select(Describe))})");
        return Received.Take(count).ToList();
    }

    public static string Describe(UserWatchItem i) => $"{i.Kind} v{i.Version} {i.Type}";

    public async ValueTask DisposeAsync()
    {
        await Grain.Stop(WatchId);
        if (_subscription is not null) await _subscription.UnsubscribeAsync();
    }
}
