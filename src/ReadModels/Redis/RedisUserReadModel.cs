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

    private IDatabase Db => redis.GetDatabase();

    public async Task<string?> ReadCheckpointAsync(int partition, CancellationToken cancellationToken = default) =>
        (string?)await Db.HashGetAsync(_keys.Checkpoints, Field(partition));

    public async Task ApplyAsync(int partition, IReadOnlyList<FeedEvent> events, string checkpoint, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Rows and checkpoint read together; the script writes only if the checkpoint is unchanged.
            var batch = Db.CreateBatch();
            var currentTask = batch.HashGetAsync(_keys.Checkpoints, Field(partition));
            var rowTasks = events.Where(e => e.Category == Category).Select(e => e.AggregateId).Distinct(StringComparer.Ordinal)
                .ToDictionary(id => id, id => batch.HashGetAllAsync(_keys.User(id)), StringComparer.Ordinal);
            batch.Execute();
            var current = (string?)await currentTask;
            var stored = new Dictionary<string, UserRow?>(StringComparer.Ordinal);
            foreach (var (id, row) in rowTasks) stored[id] = RedisUserRowCodec.Read(await row);
            // Another reader of this partition (after a rebalance, or a silo thought dead) may have
            // gone further: what the stored checkpoint covers is in, and the checkpoint never goes back.
            if (!FeedPosition.IsAfter(checkpoint, current)) return;
            var fresh = events.Where(e => FeedPosition.IsAfter(e.Reference.FeedEntryId, current)).ToList();
            var users = fresh.Where(e => e.Category == Category).Select(e => e.AggregateId).Distinct(StringComparer.Ordinal).ToList();
            var before = users.ToDictionary(id => id, id => stored[id], StringComparer.Ordinal);

            var after = new Dictionary<string, UserRow?>(before, StringComparer.Ordinal);
            foreach (var e in fresh)
                if (e.Category == Category) after[e.AggregateId] = UserRowFold.Apply(after[e.AggregateId], e);

            var keys = new List<RedisKey> { _keys.Checkpoints, _keys.EmailIndex, _keys.Ids };
            var args = new List<RedisValue> { Field(partition), current ?? "", checkpoint };
            foreach (var id in users)
            {
                keys.Add(_keys.User(id));
                var row = after[id];
                args.AddRange([id, before[id]?.Email ?? "", row?.Email ?? ""]);
                var fields = row is null ? [] : RedisUserRowCodec.Fields(row);
                args.Add(fields.Count);
                args.AddRange(fields);
            }
            var result = await Db.ScriptEvaluateAsync(ApplyScript, [.. keys], [.. args]);
            if (result.Resp2Type != ResultType.Array) return;
            // The checkpoint moved between the read and the script: read and fold again from the new one.
        }
    }

    public async Task ResetAsync(CancellationToken cancellationToken = default)
    {
        foreach (var server in redis.GetServers().Where(s => !s.IsReplica))
            await foreach (var key in server.KeysAsync(pattern: _keys.Pattern, pageSize: 1000).WithCancellation(cancellationToken))
                await Db.KeyDeleteAsync(key);
    }

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
