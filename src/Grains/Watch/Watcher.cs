using Grains.Interfaces;
using Orleans.Streams;

namespace Grains.Watch;

/// <summary>One watch: its own Orleans stream, its lease, and the version it had already seen when it started.</summary>
internal sealed class Watcher(IAsyncStream<UserWatchItem> stream, DateTime expiresAt, int seenVersion)
{
    private bool _pastSeen;

    public IAsyncStream<UserWatchItem> Stream { get; } = stream;

    public DateTime ExpiresAt { get; set; } = expiresAt;

    /// <summary>
    /// Drops the entries up to the version the watcher said it has seen, until the log has moved past
    /// it; from then on everything goes through, so a later entry with a wrong (older) version still
    /// reaches the watcher as the notice it is. A clear lets everything through too: the new log
    /// numbers from 1 again.
    /// </summary>
    public List<UserWatchItem> Unseen(IEnumerable<UserWatchItem> items)
    {
        var unseen = new List<UserWatchItem>();
        foreach (var item in items)
        {
            if (!_pastSeen && item.Kind != UserWatchItemKind.Cleared && item.Version != 0 && item.Version <= seenVersion) continue;
            if (item.Kind == UserWatchItemKind.Cleared || item.Version > seenVersion) _pastSeen = true;
            unseen.Add(item);
        }
        return unseen;
    }
}
