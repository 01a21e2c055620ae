using RedisEventSourcing.Projections.Running;

namespace RedisEventSourcing.Projections.DeadLetters;

/// <summary>
/// Replays a projection's dead letters of one partition after a fix: an entry cannot simply be
/// applied late (later events of its aggregate are applied already), so the aggregate is derived
/// again from its whole stream, from a <c>_cleared</c> start, at the projection's current
/// checkpoint. The dead letters of an aggregate that now folds cleanly are removed; the others
/// stay, with the reason of this attempt logged by the caller. Runs inside the partition's grain,
/// so it never races the live apply.
/// </summary>
public sealed class DeadLetterReplay(FeedEventResolver resolver, DeadLetterStore deadLetters)
{
    /// <returns>How many dead letters were cleared, and the problems of the aggregates that still fail.</returns>
    public async Task<(int Cleared, IReadOnlyList<string> Problems)> ReplayAsync(IProjection projection, int partition)
    {
        var checkpoint = await projection.ReadCheckpointAsync(partition);
        var letters = (await deadLetters.ListAsync(projection.Name, limit: 100_000)).Where(d => d.Reference.Partition == partition).ToList();
        if (letters.Count == 0 || checkpoint is null) return (0, []);
        var cleared = 0;
        var problems = new List<string>();
        foreach (var stream in letters.GroupBy(d => d.Reference.StreamKey))
        {
            if (stream.Key.Length == 0)
            {
                problems.Add($"{stream.Count()} feed entries name no stream (malformed feed entries): nothing to replay");
                continue;
            }
            var events = await resolver.ResolveStreamAsync(partition, stream.Key, checkpoint);
            if (events.FirstOrDefault(e => e.Event is null) is { Problem: { } problem })
            {
                problems.Add($"{stream.Key}: {problem}");
                continue;
            }
            var (category, id) = StreamKeyParts.Split(stream.Key);
            var start = new FeedEvent(new FeedReference(partition, checkpoint, stream.Key, "0-0", 0, FeedMarkers.Cleared), category, id, null, null);
            try
            {
                await projection.ApplyAsync(partition, [start, .. events.Select(e => e.Event!)], checkpoint);
            }
            catch (Exception e) when (!ProjectionFailures.IsTransient(e))
            {
                problems.Add($"{stream.Key}: {e.Message}");
                continue;
            }
            foreach (var letter in stream) if (await deadLetters.RemoveAsync(projection.Name, letter.Id)) cleared++;
        }
        return (cleared, problems);
    }
}
