using System.Collections.Concurrent;
using System.Diagnostics;
using Grains.Interfaces;
using Xunit.Abstractions;

namespace EventSourcing.Tests.RedisCluster;

/// <summary>
/// One rename after another for each user, recording every answer: what was acknowledged, what
/// failed, and how long each caller waited (from its call to its answer, success or error).
/// </summary>
internal sealed class RenameLoad(RedisClusterFixture fixture, IReadOnlyList<string> ids)
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public ConcurrentBag<(string Id, int Version, string Name)> Acknowledged { get; } = [];

    public ConcurrentQueue<(string Id, Exception Error, TimeSpan Took)> Failures { get; } = [];

    /// <summary>Every answer: when its call started (since the load started), how long it took, and its error if any.</summary>
    public ConcurrentQueue<(string Id, TimeSpan StartedAt, TimeSpan Took, Exception? Error)> Answers { get; } = [];

    /// <summary>Time since the load started, on the clock <see cref="Answers"/> use.</summary>
    public TimeSpan Now => _clock.Elapsed;

    public int AcknowledgedCount(string id) => Acknowledged.Count(a => a.Id == id);

    public IEnumerable<(int Version, string Name)> AcknowledgedOf(string id) => Acknowledged.Where(a => a.Id == id).Select(a => (a.Version, a.Name));

    public Task RunAsync() => Task.WhenAll(ids.Select(RenameUntilStoppedAsync));

    public async Task StopAsync(Task running)
    {
        await _stop.CancelAsync();
        await running;
    }

    private async Task RenameUntilStoppedAsync(string id)
    {
        var user = fixture.Grains.GetGrain<IUserGrain>(id);
        for (var n = 1; !_stop.IsCancellationRequested; n++)
        {
            var name = $"Name {n}";
            var startedAt = _clock.Elapsed;
            try
            {
                var view = await user.Rename(name);
                Answers.Enqueue((id, startedAt, _clock.Elapsed - startedAt, null));
                Acknowledged.Add((id, view.Version, name));
            }
            catch (Exception e)
            {
                var took = _clock.Elapsed - startedAt;
                Answers.Enqueue((id, startedAt, took, e));
                Failures.Enqueue((id, e, took));
                // Not a wait for a condition: keeps a user whose partition is down from spinning on instant refusals.
                await Task.Delay(50);
            }
        }
    }

    /// <summary>What callers saw, the slowest answers first: printed on failure too, where it is most needed.</summary>
    public void Report(ITestOutputHelper output, TimeSpan killedAt)
    {
        output.WriteLine($"acknowledged {Acknowledged.Count} renames; failed {Failures.Count}: "
            + string.Join(", ", Failures.GroupBy(f => f.Error.GetType().Name).Select(g => $"{g.Key} {g.Count()}"))
            + $"; slowest answer after {Answers.Select(a => a.Took.TotalSeconds).DefaultIfEmpty().Max():0.00} s");
        foreach (var slow in Answers.OrderByDescending(a => a.Took).Take(8))
            output.WriteLine($"  {slow.Took.TotalSeconds:0.00} s, called at {(slow.StartedAt - killedAt).TotalSeconds:+0.00;-0.00} s from the kill, {slow.Id[..17]}: {slow.Error?.GetType().Name ?? "ok"} {slow.Error?.Message}");
        foreach (var sample in Failures.GroupBy(f => f.Error.GetType()).Select(g => g.First()))
            output.WriteLine($"  e.g. {sample.Error.GetType().Name}: {sample.Error.Message}");
    }
}
