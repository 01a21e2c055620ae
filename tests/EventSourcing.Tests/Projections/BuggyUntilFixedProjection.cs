using ReadModels.Redis;
using RedisEventSourcing.Projections;
using StackExchange.Redis;

namespace EventSourcing.Tests.Projections;

/// <summary>
/// A Redis users model with a bug: it throws on users whose id starts with "bug-" until the test
/// "deploys the fix" (<see cref="Fixed"/>). Static, because the test cluster's silo runs in this process.
/// </summary>
public sealed class BuggyUntilFixedProjection(IConnectionMultiplexer redis) : IProjection
{
    public const string ProjectionName = "buggy";

    public static volatile bool Fixed;

    public RedisUserReadModel Model { get; } = new(redis, new RedisUserReadModelOptions { Name = ProjectionName });

    public string Name => ProjectionName;

    public string Category => Model.Category;

    public Task<string?> ReadCheckpointAsync(int partition, CancellationToken cancellationToken = default) => Model.ReadCheckpointAsync(partition, cancellationToken);

    public Task ApplyAsync(int partition, IReadOnlyList<FeedEvent> events, string checkpoint, CancellationToken cancellationToken = default) =>
        !Fixed && events.Any(e => e.AggregateId.StartsWith("bug-", StringComparison.Ordinal))
            ? throw new InvalidOperationException("the projection cannot handle this user yet (a bug)")
            : Model.ApplyAsync(partition, events, checkpoint, cancellationToken);

    public Task ResetAsync(CancellationToken cancellationToken = default) => Model.ResetAsync(cancellationToken);
}
