namespace Grains.Watch;

/// <summary>How a <see cref="UserWatchGrain"/> tails its user's stream.</summary>
public sealed class UserWatchOptions
{
    /// <summary>
    /// Time between two reads of the stream while someone watches. A read is one non-blocking
    /// <c>XRANGE</c> on the event store's shared connection, so a short period costs little.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Entries read per <c>XRANGE</c> (a watch that starts far back reads several pages).</summary>
    public int PageSize { get; set; } = 500;

    /// <summary>The longest lease a watcher may ask for: a client that vanished stops costing reads after at most this.</summary>
    public TimeSpan MaxLease { get; set; } = TimeSpan.FromMinutes(10);
}
