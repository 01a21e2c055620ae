using System.Globalization;
using StackExchange.Redis;

namespace RedisEventSourcing.Projections.DeadLetters;

/// <summary>
/// A projection's dead letters: the stream <c>{prefix}:projections:{name}:dead</c>, one entry per
/// feed entry the projection could not apply, with the reference and the reason. Written before the
/// checkpoint moves past the entry, so a crash in between writes it twice, never zero times.
/// </summary>
public sealed class DeadLetterStore(IConnectionMultiplexer redis, string prefix)
{
    public string Key(string projection) => $"{prefix}:projections:{projection}:dead";

    public Task AddAsync(string projection, FeedReference r, string reason, int attempts) =>
        redis.GetDatabase().StreamAddAsync(Key(projection),
        [
            new("_feed_id", r.FeedEntryId),
            new("_partition", r.Partition.ToString(CultureInfo.InvariantCulture)),
            new("_stream", r.StreamKey),
            new("_id", r.StreamEntryId),
            new("_version", r.Version.ToString(CultureInfo.InvariantCulture)),
            new("type", r.Type),
            new("reason", reason),
            new("attempts", attempts.ToString(CultureInfo.InvariantCulture)),
        ]);

    public async Task<IReadOnlyList<DeadLetter>> ListAsync(string projection, int limit = 1000)
    {
        var entries = await redis.GetDatabase().StreamRangeAsync(Key(projection), count: limit);
        return entries.Select(DeadLetter.From).ToList();
    }

    /// <summary>Removes every dead letter of a copy that is itself dropped.</summary>
    public Task<bool> DropAsync(string projection) => redis.GetDatabase().KeyDeleteAsync(Key(projection));

    public Task<bool> RemoveAsync(string projection, string deadLetterId) =>
        redis.GetDatabase().StreamDeleteAsync(Key(projection), [deadLetterId]).ContinueWith(t => t.Result == 1, TaskScheduler.Default);
}

/// <summary>One dead letter: the feed reference it stands for, and why it was not applied.</summary>
public sealed record DeadLetter(string Id, FeedReference Reference, string Reason, int Attempts)
{
    internal static DeadLetter From(StreamEntry e)
    {
        string F(string name) => e[name].ToString();
        var reference = new FeedReference(int.Parse(F("_partition"), CultureInfo.InvariantCulture), F("_feed_id"), F("_stream"), F("_id"),
            int.Parse(F("_version"), CultureInfo.InvariantCulture), F("type"));
        return new DeadLetter(e.Id.ToString(), reference, F("reason"), int.Parse(F("attempts"), CultureInfo.InvariantCulture));
    }
}
