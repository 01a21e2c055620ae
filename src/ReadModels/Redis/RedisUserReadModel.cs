using System.Globalization;
using ReadModels.Users;
using RedisEventSourcing.Projections;
using RedisEventSourcing.Projections.Running;
using StackExchange.Redis;

namespace ReadModels.Redis;

/// <summary>
/// Users as Redis hashes (<c>{prefix}:{name}:user:&lt;id&gt;</c>), an email → id index, ids in a
/// sorted set for listing, and the checkpoint per partition: one script writes a batch's rows and
/// its checkpoint together, so what the checkpoint covers is exactly what the hashes hold. Entries
/// at or before the stored checkpoint are skipped, so a batch applied late by a second reader of
/// the partition changes nothing and never moves the checkpoint back.
/// </summary>
public sealed class RedisUserReadModel(IConnectionMultiplexer redis, RedisUserReadModelOptions options) : IUserDirectory
{
    private static readonly string ApplyScript = Scripts.Load("apply-users.lua");
    private readonly RedisUserKeys _keys = new(options.KeyPrefix, options.Name);

    public string Name => options.Name;

    public string Category => "user";

    /// <summary>Rows written by one script call at most (a larger batch is written in several).</summary>
    public int RowsPerCall { get; init; } = 500;

    /// <summary>Tests stop a write here, after the given call (0 = first) of a batch written in several.</summary>
    internal Func<int, Task>? AfterCall { get; init; }

    private IDatabase Db => redis.GetDatabase();

    public async Task<string?> ReadCheckpointAsync(int partition, CancellationToken cancellationToken = default) =>
        (string?)await Db.HashGetAsync(_keys.Checkpoints, Field(partition));

    public async Task ApplyAsync(int partition, IReadOnlyList<FeedEvent> events, string checkpoint, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Rows and checkpoint read together; the script writes only if the checkpoint is unchanged.
            var users = UserChangeSet.TouchedIds(events, Category);
            var batch = Db.CreateBatch();
            var currentTask = batch.HashGetAsync(_keys.Checkpoints, Field(partition));
            var rowTasks = users.Select(id => batch.HashGetAllAsync(_keys.User(id))).ToList();
            batch.Execute();
            var current = (string?)await currentTask;
            if (CheckpointGuard.EventsToApply(events, checkpoint, current) is not { } fresh) return;
            var stored = new Dictionary<string, UserRow>(StringComparer.Ordinal);
            for (var i = 0; i < users.Count; i++)
                if (RedisUserRowCodec.Read(await rowTasks[i]) is { } row) stored[users[i]] = row;
            var changes = UserChangeSet.Fold(stored, fresh, Category);
            if (await WriteAsync(partition, current, checkpoint, changes, stored)) return;
            // The checkpoint moved between the read and the script: read and fold again from the new one.
        }
    }

    /// <summary>
    /// Writes <paramref name="changes"/> in calls of at most <see cref="RowsPerCall"/> rows, each
    /// with its users' email claims and releases, the checkpoint moving with the last call only: a
    /// large batch (a rebuild folds tens of thousands of events at once) never holds Redis in one
    /// long script. A stop between calls leaves rows ahead of the checkpoint; applying the batch
    /// again is exact, because a row skips events at or below its version and each call holds all
    /// of its users' index changes (claims order by position, releases check their holder, so the
    /// order of the calls does not matter).
    /// </summary>
    /// <returns>False when the checkpoint was no longer <paramref name="current"/>.</returns>
    private async Task<bool> WriteAsync(int partition, string? current, string checkpoint, UserChangeSet changes, Dictionary<string, UserRow> stored)
    {
        // Each changed user's call, numbered in order: deleted rows first, then upserted ones.
        var callOf = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var id in changes.Deleted) callOf[id] = callOf.Count / RowsPerCall;
        foreach (var row in changes.Upserted) callOf[row.Id] = callOf.Count / RowsPerCall;
        var calls = Math.Max(1, (callOf.Count + RowsPerCall - 1) / RowsPerCall);
        var deleted = Split(changes.Deleted, id => id);
        var upserted = Split(changes.Upserted, row => row.Id);
        // Index changes of users whose rows do not change (created and cleared within the batch) go with the last call.
        var claims = Split(changes.Claims, e => e.UserId);
        var releases = Split(changes.Releases, e => e.UserId);
        for (var i = 0; i < calls; i++)
        {
            var last = i == calls - 1;
            var keys = new List<RedisKey> { _keys.Checkpoints, _keys.EmailIndex, _keys.Ids, _keys.EmailClaims };
            var args = new List<RedisValue> { Field(partition), current ?? "", last ? checkpoint : current ?? "" };
            foreach (var id in deleted[i])
            {
                keys.Add(_keys.User(id));
                args.AddRange([id, 0]);
            }
            foreach (var row in upserted[i])
            {
                keys.Add(_keys.User(row.Id));
                var before = stored.GetValueOrDefault(row.Id);
                var count = args.Count;
                args.Add(row.Id);
                args.Add(0); // the field count, set below
                RedisUserRowCodec.AddChanged(args, before, row);
                args[count + 1] = args.Count - count - 2;
                // The rows were read with the checkpoint the script checks, and only this partition writes them.
                var gone = RedisUserRowCodec.Lost(before, row);
                args.Add(gone.Count);
                foreach (var name in gone) args.Add(name);
                args.Add(before is null ? "1" : "0");
            }
            args.Add(claims[i].Count);
            foreach (var c in claims[i]) args.AddRange([c.Email, c.UserId, c.ClaimedAt]);
            args.Add(releases[i].Count);
            foreach (var r in releases[i]) args.AddRange([r.Email, r.UserId]);
            var result = await Db.ScriptEvaluateAsync(ApplyScript, [.. keys], [.. args]);
            if (result.Resp2Type == ResultType.Array) return false;
            if (!last && AfterCall is { } stop) await stop(i);
        }
        return true;

        List<T>[] Split<T>(IReadOnlyList<T> items, Func<T, string> user)
        {
            var split = new List<T>[calls];
            for (var c = 0; c < calls; c++) split[c] = [];
            foreach (var item in items) split[callOf.TryGetValue(user(item), out var c) ? c : calls - 1].Add(item);
            return split;
        }
    }

    /// <summary>
    /// Deletes every key of this copy. They share one hash tag, so one server holds them all: the
    /// master of their slot (on Redis Cluster; the only server otherwise). Scanning just it, rather
    /// than every server the multiplexer knows, skips the masters of other slots and never asks a
    /// failed one; keys go in pages of one UNLINK, legal on a cluster since they share the slot.
    /// </summary>
    public async Task ResetAsync(CancellationToken cancellationToken = default)
    {
        var server = redis.GetServer(_keys.Checkpoints, flags: CommandFlags.DemandMaster);
        var page = new List<RedisKey>(ResetPage);
        await foreach (var key in server.KeysAsync(pattern: _keys.Pattern, pageSize: ResetPage).WithCancellation(cancellationToken))
        {
            page.Add(key);
            if (page.Count < ResetPage) continue;
            await Db.KeyDeleteAsync([.. page]);
            page.Clear();
        }
        if (page.Count > 0) await Db.KeyDeleteAsync([.. page]);
    }

    private const int ResetPage = 500;

    public async Task<UserRow?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        RedisUserRowCodec.Read(await Db.HashGetAllAsync(_keys.User(id)));

    public async Task<UserRow?> FindByEmailAsync(string email, CancellationToken cancellationToken = default)
    {
        var id = (string?)await Db.HashGetAsync(_keys.EmailIndex, email);
        return id is null ? null : await GetAsync(id, cancellationToken);
    }

    public async Task<IReadOnlyList<UserRow>> ListAsync(int limit, string? afterId = null, CancellationToken cancellationToken = default)
    {
        var ids = await Db.SortedSetRangeByValueAsync(_keys.Ids, afterId is null ? default : (RedisValue)afterId, default,
            afterId is null ? Exclude.None : Exclude.Start, Order.Ascending, skip: 0, take: limit);
        var rows = new List<UserRow>(ids.Length);
        foreach (var id in ids)
            if (await GetAsync(id!, cancellationToken) is { } row) rows.Add(row);
        return rows;
    }

    private static string Field(int partition) => partition.ToString("D2", CultureInfo.InvariantCulture);
}
