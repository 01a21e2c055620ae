using System.Collections.Concurrent;
using RedisEventSourcing.Projections.Running;

namespace RedisEventSourcing.Projections.Copies;

/// <summary>
/// The projections a silo keeps and their copies: opens copies once per name, tells the runners
/// which copies to keep current, and tells queries which copy is live. Projections registered as a
/// plain <see cref="IProjection"/> have exactly one copy and cannot be rebuilt beside themselves.
/// </summary>
public sealed class ProjectionCopies(IEnumerable<IProjectionFactory> factories, IEnumerable<IProjection> singles, ProjectionConnection connection)
{
    // Queries may read the copy that was live up to this long ago; a replaced copy is dropped only
    // after twice this, so no query ever reads a copy that is gone or no longer followed.
    public static readonly TimeSpan LiveCacheTime = TimeSpan.FromMilliseconds(500);

    private readonly IReadOnlyList<IProjectionFactory> _factories = factories.ToList();
    private readonly IReadOnlyList<IProjection> _singles = singles.ToList();
    private readonly ConcurrentDictionary<string, IProjection> _open = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (IProjection Copy, DateTime ReadAt)> _live = new(StringComparer.Ordinal);
    private ProjectionCatalog? _catalog;

    public bool Any => _factories.Count > 0 || _singles.Count > 0;

    /// <summary>Every projection's name (rebuildable or not).</summary>
    public IEnumerable<string> Names => _factories.Select(f => f.Name).Concat(_singles.Select(s => s.Name));

    /// <summary>Whether <paramref name="projection"/> keeps copies (an <see cref="IProjectionFactory"/>), rather than being a single <see cref="IProjection"/>.</summary>
    public bool HasCopies(string projection) => _factories.Any(f => f.Name == projection);

    public async Task<ProjectionCatalog> CatalogAsync() =>
        _catalog ??= new ProjectionCatalog(await connection.GetAsync(), connection.Options.KeyPrefix);

    /// <exception cref="ArgumentException">No rebuildable projection of that name runs here.</exception>
    public IProjectionFactory Factory(string projection) =>
        _factories.FirstOrDefault(f => f.Name == projection)
        ?? throw new ArgumentException(_singles.Any(s => s.Name == projection)
            ? $"Projection '{projection}' has a single copy (registered as an IProjection, not an IProjectionFactory) and cannot be rebuilt beside itself."
            : $"No projection '{projection}' runs here; known: {string.Join(", ", Names)}.", nameof(projection));

    public IProjection Open(string projection, string copy) =>
        _open.GetOrAdd(CopyNames.Checked(copy), c => Factory(projection).Open(c));

    /// <summary>After a copy's data is dropped: the next open starts it afresh (schemas created again).</summary>
    public void Forget(string copy) => _open.TryRemove(copy, out _);

    /// <summary>What the runners apply live events to: every projection's live copy, and a rebuild that follows.</summary>
    public async Task<IReadOnlyList<IProjection>> FollowedAsync()
    {
        var catalog = await CatalogAsync();
        var followed = new List<IProjection>(_singles);
        foreach (var f in _factories)
        {
            var entry = await catalog.ReadAsync(f.Name);
            followed.AddRange(entry.Followed().Select(c => Open(f.Name, c)));
        }
        return followed;
    }

    /// <summary>The copy queries read now (read from the catalog at most <see cref="LiveCacheTime"/> ago).</summary>
    public async Task<IProjection> LiveAsync(string projection)
    {
        if (_singles.FirstOrDefault(s => s.Name == projection) is { } single) return single;
        if (_live.TryGetValue(projection, out var cached) && DateTime.UtcNow - cached.ReadAt < LiveCacheTime) return cached.Copy;
        var entry = await (await CatalogAsync()).ReadAsync(Factory(projection).Name);
        var live = Open(projection, entry.Live);
        _live[projection] = (live, DateTime.UtcNow);
        return live;
    }

    /// <summary>The projection <paramref name="copy"/> is a copy of (live, rebuilding, or as of an instant), or null.</summary>
    public async Task<(IProjectionFactory Projection, CatalogEntry Entry)?> FindCopyAsync(string copy)
    {
        var catalog = await CatalogAsync();
        foreach (var f in _factories)
        {
            var entry = await catalog.ReadAsync(f.Name);
            if (entry.Live == copy || entry.Next == copy || entry.AsOf.Any(a => a.Copy == copy)) return (f, entry);
        }
        return null;
    }
}
