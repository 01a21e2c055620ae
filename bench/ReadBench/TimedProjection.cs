using RedisEventSourcing.Projections;

namespace ReadBench;

/// <summary>
/// Wraps a copy to add up the time spent inside its <see cref="IProjection.ApplyAsync"/> (the
/// store's share of a rebuild); the rest of the partition workers' time is reading the feed and
/// resolving references. Its own cost is one timestamp pair per page.
/// </summary>
public sealed class TimedProjection(IProjection inner) : IProjection
{
    private long _applyTicks;
    private long _applies;

    public string Name => inner.Name;

    public string Category => inner.Category;

    public TimeSpan ApplyTime => TimeSpan.FromTicks(Interlocked.Read(ref _applyTicks));

    public long Applies => Interlocked.Read(ref _applies);

    public Task<string?> ReadCheckpointAsync(int partition, CancellationToken cancellationToken = default) => inner.ReadCheckpointAsync(partition, cancellationToken);

    public async Task ApplyAsync(int partition, IReadOnlyList<FeedEvent> events, string checkpoint, CancellationToken cancellationToken = default)
    {
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        await inner.ApplyAsync(partition, events, checkpoint, cancellationToken);
        Interlocked.Add(ref _applyTicks, System.Diagnostics.Stopwatch.GetElapsedTime(start).Ticks);
        Interlocked.Increment(ref _applies);
    }

    public Task ResetAsync(CancellationToken cancellationToken = default) => inner.ResetAsync(cancellationToken);
}
