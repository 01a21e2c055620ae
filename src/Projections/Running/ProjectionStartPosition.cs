using RedisEventSourcing.Projections.Copies;
using RedisEventSourcing.Projections.Streaming;

namespace RedisEventSourcing.Projections.Running;

/// <summary>A partition's reader starts after the oldest checkpoint among the copies kept current: nothing older is needed.</summary>
public sealed class ProjectionStartPosition(ProjectionCopies copies) : IFeedStartPosition
{
    public async Task<string?> StartAfterAsync(int partition)
    {
        var checkpoints = new List<string?>();
        foreach (var p in await copies.FollowedAsync()) checkpoints.Add(await p.ReadCheckpointAsync(partition));
        return FeedPosition.Earliest(checkpoints) ?? "0-0";
    }
}
