using System.Diagnostics;
using Microsoft.Extensions.Logging;
using RedisEventSourcing.Projections.Copies;
using RedisEventSourcing.Projections.DeadLetters;

namespace RedisEventSourcing.Projections.Rebuild;

/// <summary>
/// One build of one copy, run in the background of its <see cref="ProjectionRebuildGrain"/>. A
/// blue/green build goes: fill from the feeds → the runners follow the copy too (and catch it up
/// to the end before answering) → the catalog switches live to it in one transaction → after the
/// queries' cache time the runners let the old copy go → the old copy is dropped. An as-of build
/// stops after filling. Any failure leaves the copy where its checkpoints say, resumable.
/// </summary>
internal sealed class RebuildRun(
    string projection,
    string copy,
    DateTimeOffset? asOf,
    string live,
    long appliedBefore,
    CopyBuilder builder,
    ProjectionCopies copies,
    ProjectionCatalog catalog,
    DeadLetterStore deadLetters,
    Func<Task> refreshRunners,
    ILogger logger)
{
    private readonly CancellationTokenSource _cancel = new();
    private readonly Stopwatch _clock = new();
    private Task? _task;
    private long _applied = appliedBefore;
    private long _appliedThisRun;
    private long _total;
    private volatile string _phase = "building";
    private volatile string? _error;
    // The rate is of the filling, not of the waits for the switch that follow it.
    private long _filledTicks;

    public string Copy => copy;

    public bool IsRunning => _task is { IsCompleted: false };

    public void Start()
    {
        _clock.Start();
        _task = Task.Run(RunAsync);
    }

    public RebuildProgress Progress()
    {
        var filled = Interlocked.Read(ref _filledTicks);
        var seconds = (filled > 0 ? TimeSpan.FromTicks(filled) : _clock.Elapsed).TotalSeconds;
        var applied = Interlocked.Read(ref _applied);
        return new RebuildProgress(projection, copy, _phase, applied, Math.Max(Interlocked.Read(ref _total), applied),
            seconds > 0 ? Interlocked.Read(ref _appliedThisRun) / seconds : 0, asOf, _error, asOf is null ? live : null);
    }

    public async Task InterruptAsync()
    {
        await _cancel.CancelAsync();
        if (_task is not null)
        {
            try
            {
                await _task;
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private async Task RunAsync()
    {
        try
        {
            Interlocked.Exchange(ref _total, await builder.FeedLengthAsync());
            var target = copies.Open(projection, copy);
            long lastRecordedMs = 0;
            var progress = new PageCounter(n =>
            {
                Interlocked.Add(ref _appliedThisRun, n);
                var applied = Interlocked.Add(ref _applied, n);
                var now = _clock.ElapsedMilliseconds;
                var last = Interlocked.Read(ref lastRecordedMs);
                // At most once a second, by whichever page wins the exchange: a resumed rebuild's bar starts near here.
                if (asOf is null && now - last > 1000 && Interlocked.CompareExchange(ref lastRecordedMs, now, last) == last)
                    _ = catalog.RecordProgressAsync(projection, applied);
            });
            logger.Started(copy, projection, asOf, _applied);
            await builder.BuildAsync(target, asOf, progress, _cancel.Token);
            Interlocked.Exchange(ref _filledTicks, _clock.Elapsed.Ticks);
            if (asOf is { } instant)
            {
                await catalog.SetAsOfAsync(projection, copy, instant, ProjectionCatalog.Ready);
                Interlocked.Exchange(ref _total, Interlocked.Read(ref _applied));
                _phase = "done";
                logger.AsOfReady(copy, projection, instant, _applied);
                return;
            }

            await catalog.RecordProgressAsync(projection, Interlocked.Read(ref _applied));
            if (!await catalog.SetNextStateAsync(projection, copy, ProjectionCatalog.Following))
                throw new InvalidOperationException($"The rebuild into {copy} was abandoned meanwhile.");
            _phase = "following";
            // Each runner now applies to both copies and has caught the new one up to the end of its feed.
            await refreshRunners();
            Interlocked.Exchange(ref _total, Interlocked.Read(ref _applied));
            if (!await catalog.SwitchAsync(projection, copy))
                throw new InvalidOperationException($"The rebuild into {copy} was abandoned meanwhile.");
            logger.Switched(projection, live, copy);
            // Queries may still read the old copy for their cache time; it stays current until then.
            await Task.Delay(ProjectionCopies.LiveCacheTime * 2);
            await refreshRunners();
            await Task.Delay(ProjectionCopies.LiveCacheTime * 2);
            await DropCopyAsync(copies, projection, live, deadLetters);
            _phase = "done";
        }
        catch (OperationCanceledException) when (_cancel.IsCancellationRequested)
        {
            _phase = "interrupted";
            await catalog.RecordProgressAsync(projection, Interlocked.Read(ref _applied));
            logger.Interrupted(copy, projection, _applied);
        }
        catch (Exception e)
        {
            _error = e.Message;
            _phase = "failed";
            logger.Failed(e, copy, projection);
        }
        finally
        {
            _clock.Stop();
        }
    }

    public static async Task DropCopyAsync(ProjectionCopies copies, string projection, string copy, DeadLetterStore deadLetters)
    {
        await copies.Open(projection, copy).DropAsync();
        copies.Forget(copy);
        await deadLetters.DropAsync(copy);
    }

    // Counted as each page is applied, on the builder's thread (Progress<T> would post elsewhere, late).
    private sealed class PageCounter(Action<long> count) : IProgress<long>
    {
        public void Report(long value) => count(value);
    }
}
