using System.Globalization;
using System.Reflection;
using System.Text.Json;
using RedisEventSourcing.Serialization;
using StackExchange.Redis;

namespace RedisEventSourcing.Storage;

/// <summary>
/// Reads and writes the snapshot hash <c>{prefix}:{pNN}:snap:&lt;category&gt;:&lt;id&gt;</c>
/// (fields <c>version</c>, <c>entry_id</c>, <c>state_schema</c>, <c>state</c> as JSON,
/// <c>commands</c>). A snapshot is only an optimisation: anything doubtful about it is reported as
/// unusable, and the caller replays the stream instead.
/// </summary>
internal sealed class SnapshotStore<TView>(EventStreamStore store, string snapshotKey, string streamKey)
    where TView : class
{
    private static readonly int StateSchema = typeof(TView).GetCustomAttribute<StateSchemaAttribute>()?.Version ?? 1;

    public string Key => snapshotKey;

    /// <returns>The snapshot, or null with the reason it cannot be used.</returns>
    /// <param name="budget">The caller's time, when it waits for this read: each command gets what is left of it.</param>
    public async Task<(Snapshot<TView>? Snapshot, string? Unusable)> TryReadAsync(OperationBudget? budget = null)
    {
        var db = await store.Connection.GetDatabaseAsync();
        var fields = (await db.HashGetAllAsync(snapshotKey).WaitAsync(Timeout(budget)))
            .ToDictionary(f => f.Name.ToString(), f => f.Value.ToString());
        if (fields.Count == 0) return (null, null);
        try
        {
            if (!fields.TryGetValue("state_schema", out var schema) || schema != StateSchema.ToString(CultureInfo.InvariantCulture))
                return (null, $"state schema {schema ?? "(none)"} is not the current {StateSchema}");
            var version = int.Parse(fields["version"], CultureInfo.InvariantCulture);
            var entryId = fields["entry_id"];
            var state = (TView?)WireJson.Deserialize(fields["state"], typeof(TView)) ?? throw new JsonException("null state");
            var commands = fields.TryGetValue("commands", out var c)
                ? JsonSerializer.Deserialize<Dictionary<string, int>>(c) ?? []
                : [];
            // The entry it claims to cover must still be in the stream, at that version.
            var anchor = await db.StreamRangeAsync(streamKey, entryId, entryId, 1).WaitAsync(Timeout(budget));
            var anchorVersion = anchor.Length == 1 ? (string?)anchor[0][WireFields.Version] : null;
            if (anchorVersion != version.ToString(CultureInfo.InvariantCulture))
                return (null, $"entry {entryId} at version {version} is not in the stream");
            return (new Snapshot<TView>(state, version, entryId, commands), null);
        }
        catch (Exception e) when (e is JsonException or FormatException or KeyNotFoundException or OverflowException or NotSupportedException)
        {
            return (null, $"unreadable ({e.Message})");
        }
    }

    private TimeSpan Timeout(OperationBudget? budget) =>
        budget is { Remaining: var left } && left < store.Connection.Options.OperationTimeout ? left : store.Connection.Options.OperationTimeout;

    /// <summary>Serialises now (the state may change once the caller goes on) and writes in the background.</summary>
    public Task WriteAsync(TView state, int version, string entryId, IReadOnlyDictionary<string, int> recentCommands)
    {
        HashEntry[] fields =
        [
            new("version", version),
            new("entry_id", entryId),
            new("state_schema", StateSchema),
            new("state", WireJson.Serialize(state, typeof(TView))),
            new("commands", JsonSerializer.Serialize(recentCommands)),
            new("written_at", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture)),
        ];
        return WriteFieldsAsync(fields);
    }

    private async Task WriteFieldsAsync(HashEntry[] fields)
    {
        var db = await store.Connection.GetDatabaseAsync();
        await db.HashSetAsync(snapshotKey, fields).WaitAsync(store.Connection.Options.OperationTimeout);
    }
}
