using RedisEventSourcing.Projections.Copies;
using RedisEventSourcing.Projections.Streaming;

namespace RedisEventSourcing.Projections.Running;

/// <summary>A partition's reader starts after the oldest checkpoint among the copies kept current: nothing older is needed.</summary>
public sealed class ProjectionStartPosition(ProjectionCopies copies) : IFeedStartPosition
{
    public async Task<string?> StartAfterAsync(int partition)
    {
        string? earliest = null;
        var first = true;
        foreach (var p in await copies.FollowedAsync())
        {
            var checkpoint = await p.ReadCheckpointAsync(partition);
            if (first || FeedPosition.Compare(checkpoint, earliest) < 0) earliest = checkpoint;
            first = false;
        }
        return earliest ?? "0-0";
    }
}
