using System.Diagnostics;
using System.Globalization;
using RedisEventSourcing.Serialization;
using StackExchange.Redis;

namespace ReplayBench;

/// <summary>
/// Writes a user's history straight into its stream with pipelined XADDs of wire-format entries
/// (design section 2): a <c>UserCreated</c>, then name, email and address changes in turn.
/// The partition feed is not written: activation never reads it.
/// </summary>
public static class HistoryLoader
{
    private const int PipelineDepth = 10_000;

    /// <returns>How long loading took.</returns>
    public static async Task<TimeSpan> LoadAsync(IDatabase db, string streamKey, string userId, int events)
    {
        var watch = Stopwatch.StartNew();
        for (var start = 1; start <= events; start += PipelineDepth)
        {
            var end = Math.Min(events, start + PipelineDepth - 1);
            var adds = new Task[end - start + 1];
            for (var version = start; version <= end; version++)
                adds[version - start] = db.StreamAddAsync(streamKey, Entry(userId, version));
            await Task.WhenAll(adds);
        }
        var length = await db.StreamLengthAsync(streamKey);
        if (length != events)
            throw new InvalidOperationException($"'{streamKey}' holds {length} entries after loading {events}; was it loaded before?");
        return watch.Elapsed;
    }

    private static NameValueEntry[] Entry(string userId, int version)
    {
        var (type, field, value, schema) = version == 1
            ? ("UserCreated", "name", "User " + userId, 1)
            : (version % 3) switch
            {
                0 => ("EmailUpdated", "email", $"user{version}@example.com", 1),
                1 => ("AddressUpdated", "new_address", $"{version} Main Street, Springfield", 2),
                _ => ("NameChanged", "name", $"Name {version}", 1),
            };
        return
        [
            new(WireFields.Type, type),
            new("id", userId),
            new(field, value),
            new(WireFields.Version, version.ToString(CultureInfo.InvariantCulture)),
            new(WireFields.EventId, Guid.CreateVersion7().ToString("N")),
            new(WireFields.Schema, schema.ToString(CultureInfo.InvariantCulture)),
        ];
    }
}
