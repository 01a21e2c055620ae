using System.Reflection;
using StackExchange.Redis;

namespace RedisEventSourcing.Storage;

/// <summary>
/// The Redis commands of the log: page through a stream, and append a batch with the script.
/// Every call is bounded by <see cref="Options.RedisStreamsLogOptions.OperationTimeout"/>.
/// </summary>
internal sealed class EventStreamStore(RedisStreamsConnection connection)
{
    private static readonly string AppendScript = LoadScript("append.lua");

    public RedisStreamsConnection Connection => connection;

    /// <summary>
    /// Entries strictly after <paramref name="afterEntryId"/> (or from <paramref name="fromEntryId"/>
    /// inclusive, or from the start), up to <paramref name="toEntryId"/> inclusive, oldest first.
    /// </summary>
    public async Task<StreamEntry[]> ReadPageAsync(string streamKey, string? afterEntryId, int count, string? toEntryId = null, string? fromEntryId = null)
    {
        var db = await connection.GetDatabaseAsync();
        var from = afterEntryId is not null ? "(" + afterEntryId : fromEntryId ?? "-";
        return await Bounded(db.StreamRangeAsync(streamKey, from, toEntryId ?? "+", count), $"reading '{streamKey}'");
    }

    /// <summary>Entries newest first, from <paramref name="beforeEntryId"/> (inclusive; null = the end).</summary>
    public async Task<StreamEntry[]> ReadBackwardsAsync(string streamKey, string? beforeEntryId, int count)
    {
        var db = await connection.GetDatabaseAsync();
        return await Bounded(db.StreamRangeAsync(streamKey, "-", beforeEntryId ?? "+", count, Order.Descending), $"reading '{streamKey}'");
    }

    /// <param name="events">Each event's flat field list (name, value, ...).</param>
    public async Task<AppendResult> AppendAsync(string streamKey, string feedKey, int expectedVersion, IReadOnlyList<List<KeyValuePair<string, string>>> events, long deadlineServerMs)
    {
        var db = await connection.GetDatabaseAsync();
        var size = 4 + events.Sum(e => 1 + e.Count * 2);
        var args = new RedisValue[size];
        args[0] = expectedVersion;
        args[1] = deadlineServerMs;
        args[2] = connection.Options.FeedMaxLength;
        args[3] = events.Count;
        var pos = 4;
        foreach (var fields in events)
        {
            args[pos++] = fields.Count * 2;
            foreach (var (name, value) in fields)
            {
                args[pos++] = name;
                args[pos++] = value;
            }
        }
        var result = await Bounded(db.ScriptEvaluateAsync(AppendScript, [streamKey, feedKey], args), $"appending to '{streamKey}'");
        return AppendResult.Parse(result);
    }

    private async Task<T> Bounded<T>(Task<T> operation, string what)
    {
        try
        {
            // The multiplexer has its own timeout; this one also holds for a shared multiplexer configured otherwise.
            return await operation.WaitAsync(connection.Options.OperationTimeout);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"Redis did not answer within {connection.Options.OperationTimeout.TotalSeconds:0.#}s while {what}.", e);
        }
    }

    private static string LoadScript(string name)
    {
        using var stream = typeof(EventStreamStore).Assembly.GetManifestResourceStream($"RedisEventSourcing.Scripts.{name}")
            ?? throw new InvalidOperationException($"Embedded script {name} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
