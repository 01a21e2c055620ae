using RedisEventSourcing.Projections.Streaming;
using StackExchange.Redis;

namespace EventSourcing.Tests.Projections;

/// <summary>
/// A start position kept in Redis as a consumer's checkpoints would be: a hash of partition →
/// feed entry id; a partition without one starts from the first entry.
/// </summary>
public sealed class RedisHashStartPosition(string connectionString, string keyPrefix) : IFeedStartPosition, IAsyncDisposable
{
    private readonly Lazy<Task<ConnectionMultiplexer>> _multiplexer = new(() => ConnectionMultiplexer.ConnectAsync(connectionString));

    public static string KeyFor(string keyPrefix) => $"{keyPrefix}:test:feed-start";

    public async Task<string?> StartAfterAsync(int partition)
    {
        var multiplexer = await _multiplexer.Value;
        return await multiplexer.GetDatabase().HashGetAsync(KeyFor(keyPrefix), partition);
    }

    public async ValueTask DisposeAsync()
    {
        if (_multiplexer.IsValueCreated) await (await _multiplexer.Value).DisposeAsync();
    }
}
