using System.Collections.Concurrent;
using RedisEventSourcing.Projections;

namespace EventSourcing.Tests.Health;

/// <summary>
/// A projection kept in memory whose applies wait at a gate the test holds shut: while shut, its
/// checkpoints stay where they are and the feed entries behind them grow old, as a stuck read
/// model's would. Open by default.
/// </summary>
public sealed class HeldProjection : IProjection
{
    public const string ProjectionName = "held";

    private readonly ConcurrentDictionary<int, string> _checkpoints = new();
    private volatile TaskCompletionSource _gate = Opened();

    public string Name => ProjectionName;

    public string Category => "user";

    public void Hold() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _gate.TrySetResult();

    public Task<string?> ReadCheckpointAsync(int partition, CancellationToken cancellationToken = default) =>
        Task.FromResult(_checkpoints.TryGetValue(partition, out var checkpoint) ? checkpoint : null);

    public async Task ApplyAsync(int partition, IReadOnlyList<FeedEvent> events, string checkpoint, CancellationToken cancellationToken = default)
    {
        await _gate.Task.WaitAsync(cancellationToken);
        _checkpoints[partition] = checkpoint;
    }

    public Task ResetAsync(CancellationToken cancellationToken = default)
    {
        _checkpoints.Clear();
        return Task.CompletedTask;
    }

    private static TaskCompletionSource Opened()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }
}
