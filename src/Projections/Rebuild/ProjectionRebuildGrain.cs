using Microsoft.Extensions.Logging;
using RedisEventSourcing.Projections.Copies;
using RedisEventSourcing.Projections.DeadLetters;
using RedisEventSourcing.Projections.Running;
using RedisEventSourcing.Projections.Streaming;

namespace RedisEventSourcing.Projections.Rebuild;

/// <inheritdoc cref="IProjectionRebuildGrain"/>
public sealed class ProjectionRebuildGrain(
    ProjectionCopies copies,
    ProjectionConnection connection,
    IGrainFactory grains,
    ILogger<ProjectionRebuildGrain> logger) : Grain, IProjectionRebuildGrain
{
    private RebuildRun? _run;

    private string Projection => this.GetPrimaryKeyString();

    public async Task<RebuildProgress> Start(RebuildRequest request)
    {
        var factory = copies.Factory(Projection);
        if (_run is { IsRunning: true } running)
            throw new InvalidOperationException($"A build of {running.Copy} is running ({running.Progress().Phase}); wait for it, or interrupt it first.");
        var catalog = await copies.CatalogAsync();
        var entry = await catalog.ReadAsync(factory.Name);
        string copy;
        long appliedBefore = 0;
        if (request.AsOf is { } asOf)
        {
            copy = CopyNames.Checked(request.Copy ?? CopyNames.AsOf(factory.Name, asOf));
            if (copy == entry.Live || copy == entry.Next) throw new ArgumentException($"'{copy}' is the live copy or the rebuild in progress; name the as-of copy otherwise.", nameof(request));
            if (entry.AsOf.FirstOrDefault(a => a.Copy == copy) is { } existing)
            {
                if (existing.State == ProjectionCatalog.Ready) throw new InvalidOperationException($"Copy {copy} (as of {existing.Instant:O}) is already built; drop it first to build it again.");
                if (!request.Resume) throw new InvalidOperationException($"A build of {copy} (as of {existing.Instant:O}) was interrupted: resume it or abandon it.");
                if (existing.Instant != asOf) throw new InvalidOperationException($"Copy {copy} is being built as of {existing.Instant:O}, not {asOf:O}.");
            }
            await catalog.SetAsOfAsync(factory.Name, copy, asOf, ProjectionCatalog.Building);
        }
        else if (entry.Next is { } next)
        {
            if (!request.Resume) throw new InvalidOperationException($"A rebuild into {next} ({entry.NextState}, {entry.NextApplied} entries applied) was interrupted: resume it or abandon it.");
            copy = next;
            appliedBefore = entry.NextApplied;
        }
        else
        {
            if (request.Resume) throw new InvalidOperationException($"There is no interrupted rebuild of {factory.Name} to resume.");
            copy = await catalog.BeginNextAsync(factory.Name)
                ?? throw new InvalidOperationException($"Another rebuild of {factory.Name} has just started.");
        }

        // The build outlives this call: keep the activation (and its progress) until it ends.
        DelayDeactivation(TimeSpan.FromDays(7));
        var redis = await connection.GetAsync();
        var options = connection.Options;
        var builder = new CopyBuilder(redis, options.KeyPrefix, options.Partitions, options.EventTypes, logger)
        {
            PageSize = options.RebuildPageSize,
            Parallelism = options.RebuildParallelism,
        };
        _run = new RebuildRun(factory.Name, copy, request.AsOf, entry.Live, appliedBefore, builder, copies, catalog,
            new DeadLetterStore(redis, options.KeyPrefix), RefreshRunnersAsync, logger);
        _run.Start();
        return _run.Progress();
    }

    public Task<RebuildProgress> Progress() =>
        Task.FromResult(_run?.Progress() ?? new RebuildProgress(Projection, null, "idle", 0, 0, 0, null, null, null));

    public async Task<RebuildProgress> Interrupt()
    {
        if (_run is null) return await Progress();
        await _run.InterruptAsync();
        DelayDeactivation(TimeSpan.FromMinutes(10));
        return _run.Progress();
    }

    public async Task Abandon(string? copy = null)
    {
        var factory = copies.Factory(Projection);
        var catalog = await copies.CatalogAsync();
        var entry = await catalog.ReadAsync(factory.Name);
        var target = copy ?? entry.Next ?? throw new InvalidOperationException($"{factory.Name} has no rebuild in progress.");
        if (target == entry.Live) throw new InvalidOperationException($"{target} is the live copy of {factory.Name}; it is never dropped by hand.");
        if (target != entry.Next && entry.AsOf.All(a => a.Copy != target))
            throw new ArgumentException($"{factory.Name} has no copy '{target}'.", nameof(copy));
        if (_run is { } run && run.Copy == target) await run.InterruptAsync();

        if (target == entry.Next)
        {
            await catalog.ForgetNextAsync(factory.Name, target);
            // A following copy is applied by the runners: they let it go before its data does.
            if (entry.NextState == ProjectionCatalog.Following) await RefreshRunnersAsync();
        }
        else
        {
            await catalog.ForgetAsOfAsync(factory.Name, target);
        }
        await RebuildRun.DropCopyAsync(copies, factory.Name, target, new DeadLetterStore(await connection.GetAsync(), connection.Options.KeyPrefix));
        logger.Dropped(target, factory.Name);
    }

    public async Task<IReadOnlyList<ProjectionCopyView>> Copies()
    {
        var factory = copies.Factory(Projection);
        var entry = await (await copies.CatalogAsync()).ReadAsync(factory.Name);
        var views = new List<ProjectionCopyView> { new(entry.Live, "live", null, null) };
        if (entry.Next is { } next) views.Add(new ProjectionCopyView(next, entry.NextState ?? ProjectionCatalog.Building, null, entry.NextState));
        views.AddRange(entry.AsOf.Select(a => new ProjectionCopyView(a.Copy, "as-of", a.Instant, a.State)));
        return views;
    }

    // Every partition's runner reads the catalog again and catches all its copies up before answering.
    // The build calls this from outside the activation: the silo's grain factory, not the grain's.
    private Task RefreshRunnersAsync() =>
        Task.WhenAll(Enumerable.Range(0, connection.Options.Partitions)
            .Select(p => grains.GetGrain<IFeedProjectionGrain>(FeedStream.KeyOf(p)).Refresh()));
}
