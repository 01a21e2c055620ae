using ReadModels.Redis;
using RedisEventSourcing.Projections;
using StackExchange.Redis;

namespace EventSourcing.Tests.Projections;

/// <summary>
/// A rebuildable Redis users model whose copies other than the live one wait at a gate the tests
/// hold shut: a rebuild into it stays in progress for as long as a test needs, so interrupting,
/// resuming and abandoning it are deterministic. The live copy (<see cref="LiveCopy"/>, which the
/// test moves after a switch) never waits. Static, because the test cluster's silo runs in this process.
/// </summary>
public sealed class GatedRebuildProjection(IConnectionMultiplexer redis) : IProjectionFactory
{
    public const string ProjectionName = "gated";

    private static volatile TaskCompletionSource _gate = Opened();

    public static volatile string LiveCopy = ProjectionName;

    public string Name => ProjectionName;

    public static void Close() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public static void Open() => _gate.TrySetResult();

    public IProjection Open(string copyName) => new Copy(new RedisUserReadModel(redis, new RedisUserReadModelOptions { Name = copyName }));

    private static TaskCompletionSource Opened()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }

    private sealed class Copy(RedisUserReadModel model) : IProjection
    {
        public string Name => model.Name;

        public string Category => model.Category;

        public Task<string?> ReadCheckpointAsync(int partition, CancellationToken cancellationToken = default) => model.ReadCheckpointAsync(partition, cancellationToken);

        public async Task ApplyAsync(int partition, IReadOnlyList<FeedEvent> events, string checkpoint, CancellationToken cancellationToken = default)
        {
            if (model.Name != LiveCopy) await _gate.Task.WaitAsync(cancellationToken);
            await model.ApplyAsync(partition, events, checkpoint, cancellationToken);
        }

        public Task ResetAsync(CancellationToken cancellationToken = default) => model.ResetAsync(cancellationToken);
    }
}
