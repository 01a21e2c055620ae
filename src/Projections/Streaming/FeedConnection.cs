using RedisEventSourcing.Projections.Options;
using StackExchange.Redis;

namespace RedisEventSourcing.Projections.Streaming;

/// <summary>
/// A connection made by <see cref="RedisFeedStreamOptions.CreateMultiplexer"/>, disposed only if
/// the provider made it. Only such a connection may carry a blocking read.
/// </summary>
internal sealed class FeedConnection(IConnectionMultiplexer multiplexer, bool isShared) : IAsyncDisposable
{
    public IDatabase Database { get; } = multiplexer.GetDatabase();

    public bool IsShared { get; } = isShared;

    public static async Task<FeedConnection> OpenAsync(RedisFeedStreamOptions options)
    {
        var (multiplexer, isShared) = await options.CreateMultiplexer(options);
        return new FeedConnection(multiplexer, isShared);
    }

    public async ValueTask DisposeAsync()
    {
        if (!IsShared) await multiplexer.DisposeAsync();
    }
}
