using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using RedisEventSourcing.Options;
using Silo;

namespace ReplayBench;

/// <summary>
/// An Orleans silo in this process, registered with <see cref="SiloConfiguration.AddUserEventStore"/>
/// (the registration src/Silo and the tests make), and its co-hosted client.
/// </summary>
public sealed class BenchSilo : IAsyncDisposable
{
    private static readonly TimeSpan LongCall = TimeSpan.FromMinutes(10);
    private readonly IHost _host;

    private BenchSilo(IHost host)
    {
        _host = host;
        Grains = host.Services.GetRequiredService<IGrainFactory>();
    }

    public IGrainFactory Grains { get; }

    public static async Task<BenchSilo> StartAsync(string redisConnection, Action<RedisStreamsLogOptions> configure)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo =>
        {
            var cluster = "replay-bench-" + Guid.NewGuid().ToString("N")[..8];
            silo.UseLocalhostClustering(LocalRedis.FreeTcpPort.Pick(), LocalRedis.FreeTcpPort.Pick(), serviceId: "replay-bench", clusterId: cluster);
            // A million-event replay without a snapshot may outlast Orleans' 30 s defaults.
            silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = LongCall);
            silo.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = LongCall);
            silo.Configure<GrainCollectionOptions>(o => o.ActivationTimeout = LongCall);
            silo.AddUserEventStore(redisConnection, configure);
        });
        var host = builder.Build();
        await host.StartAsync();
        return new BenchSilo(host);
    }

    /// <summary>Deactivates every idle activation and waits until none of the user grain is left.</summary>
    public async Task DeactivateAllAsync()
    {
        var management = Grains.GetGrain<IManagementGrain>(0);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            await management.ForceActivationCollection(TimeSpan.Zero);
            var stats = await management.GetSimpleGrainStatistics();
            if (!stats.Any(s => s.GrainType.Contains("UserGrain", StringComparison.Ordinal) && s.ActivationCount > 0)) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("User grains were still active 30 s after forcing collection.");
            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
