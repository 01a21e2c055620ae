using System.Globalization;
using StackExchange.Redis;

namespace RedisEventSourcing.Projections.Copies;

/// <summary>
/// Which copies of each projection exist and which one queries read: the hash
/// <c>{prefix}:projections:{name}:catalog</c>. Fields: <c>live</c> (absent: the copy named like the
/// projection), <c>next</c> and <c>next_state</c> (a blue/green rebuild: <c>building</c>, then
/// <c>following</c> once the runners apply live events to it too), <c>next_applied</c> (progress,
/// for a resumed rebuild), <c>generation</c>, and <c>asof:{copy}</c> = <c>{instant}|{building|ready}</c>.
/// The switch is one conditional transaction, so every reader sees the old copy or the new one.
/// </summary>
public sealed class ProjectionCatalog(IConnectionMultiplexer redis, string prefix)
{
    public const string Building = "building";
    public const string Following = "following";
    public const string Ready = "ready";

    public string Key(string projection) => $"{prefix}:projections:{projection}:catalog";

    public async Task<CatalogEntry> ReadAsync(string projection)
    {
        var fields = (await redis.GetDatabase().HashGetAllAsync(Key(projection))).ToDictionary(f => f.Name.ToString(), f => f.Value.ToString(), StringComparer.Ordinal);
        var asOf = new List<AsOfCopy>();
        foreach (var (name, value) in fields)
        {
            if (!name.StartsWith("asof:", StringComparison.Ordinal)) continue;
            var bar = value.IndexOf('|');
            asOf.Add(new AsOfCopy(name[5..], DateTimeOffset.Parse(value[..bar], CultureInfo.InvariantCulture), value[(bar + 1)..]));
        }
        return new CatalogEntry(
            projection,
            fields.GetValueOrDefault("live") ?? projection,
            fields.GetValueOrDefault("next"),
            fields.GetValueOrDefault("next_state"),
            fields.TryGetValue("next_applied", out var applied) ? long.Parse(applied, CultureInfo.InvariantCulture) : 0,
            asOf.OrderBy(a => a.Copy, StringComparer.Ordinal).ToList());
    }

    /// <summary>Names a new generation and records it as the rebuild in progress, unless one already is.</summary>
    /// <returns>The new copy's name, or null when another rebuild holds the slot.</returns>
    public async Task<string?> BeginNextAsync(string projection)
    {
        var db = redis.GetDatabase();
        var generation = await db.HashIncrementAsync(Key(projection), "generation");
        var copy = CopyNames.Generation(projection, generation);
        var tx = db.CreateTransaction();
        tx.AddCondition(Condition.HashNotExists(Key(projection), "next"));
        _ = tx.HashSetAsync(Key(projection), [new("next", copy), new("next_state", Building), new("next_applied", 0)]);
        return await tx.ExecuteAsync() ? copy : null;
    }

    public Task RecordProgressAsync(string projection, long applied) =>
        redis.GetDatabase().HashSetAsync(Key(projection), "next_applied", applied);

    /// <summary>Moves the rebuild of <paramref name="copy"/> to <paramref name="state"/>, if it is still the rebuild in progress.</summary>
    public async Task<bool> SetNextStateAsync(string projection, string copy, string state)
    {
        var tx = redis.GetDatabase().CreateTransaction();
        tx.AddCondition(Condition.HashEqual(Key(projection), "next", copy));
        _ = tx.HashSetAsync(Key(projection), "next_state", state);
        return await tx.ExecuteAsync();
    }

    /// <summary>Makes <paramref name="copy"/> the live copy, atomically, if it is still the rebuild in progress.</summary>
    public async Task<bool> SwitchAsync(string projection, string copy)
    {
        var tx = redis.GetDatabase().CreateTransaction();
        tx.AddCondition(Condition.HashEqual(Key(projection), "next", copy));
        tx.AddCondition(Condition.HashEqual(Key(projection), "next_state", Following));
        _ = tx.HashSetAsync(Key(projection), "live", copy);
        _ = tx.HashDeleteAsync(Key(projection), ["next", "next_state", "next_applied"]);
        return await tx.ExecuteAsync();
    }

    /// <summary>Forgets the rebuild in progress (abandoned), if it is <paramref name="copy"/>.</summary>
    public async Task<bool> ForgetNextAsync(string projection, string copy)
    {
        var tx = redis.GetDatabase().CreateTransaction();
        tx.AddCondition(Condition.HashEqual(Key(projection), "next", copy));
        _ = tx.HashDeleteAsync(Key(projection), ["next", "next_state", "next_applied"]);
        return await tx.ExecuteAsync();
    }

    public Task SetAsOfAsync(string projection, string copy, DateTimeOffset instant, string state) =>
        redis.GetDatabase().HashSetAsync(Key(projection), "asof:" + copy, instant.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) + "|" + state);

    public Task<bool> ForgetAsOfAsync(string projection, string copy) =>
        redis.GetDatabase().HashDeleteAsync(Key(projection), "asof:" + copy);
}

/// <summary>One projection's copies as the catalog records them.</summary>
public sealed record CatalogEntry(string Projection, string Live, string? Next, string? NextState, long NextApplied, IReadOnlyList<AsOfCopy> AsOf)
{
    /// <summary>The copies the runners keep current: the live one, and a rebuild once it follows.</summary>
    public IEnumerable<string> Followed() =>
        Next is not null && NextState == ProjectionCatalog.Following ? [Live, Next] : [Live];
}

/// <summary>A copy built from the events up to <see cref="Instant"/>; it never follows live events.</summary>
public sealed record AsOfCopy(string Copy, DateTimeOffset Instant, string State);
