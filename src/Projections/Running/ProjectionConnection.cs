using Microsoft.Extensions.Options;
using RedisEventSourcing.Projections.Options;
using StackExchange.Redis;

namespace RedisEventSourcing.Projections.Running;

/// <summary>The projections' Redis connection (non-blocking commands only; the feed receivers block on their own).</summary>
public sealed class ProjectionConnection(IOptions<ProjectionHostOptions> options) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ConnectionMultiplexer? _multiplexer;

    public ProjectionHostOptions Options => options.Value;

    public async Task<IConnectionMultiplexer> GetAsync()
    {
        if (_multiplexer is { } m) return m;
        await _gate.WaitAsync();
        try
        {
            var configuration = options.Value.ConfigurationOptions?.Clone()
                ?? throw new InvalidOperationException($"{nameof(ProjectionHostOptions)}.{nameof(ProjectionHostOptions.ConfigurationOptions)} is not set.");
            configuration.AbortOnConnectFail = false;
            return _multiplexer ??= await ConnectionMultiplexer.ConnectAsync(configuration);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_multiplexer is not null) await _multiplexer.DisposeAsync();
    }
}
