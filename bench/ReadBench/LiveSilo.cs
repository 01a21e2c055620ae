using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ReadModels.Hosting;
using RedisEventSourcing.Projections;
using Silo;

namespace ReadBench;

/// <summary>
/// An Orleans silo in this process with the production registrations: the event store
/// (<see cref="SiloConfiguration.AddUserEventStore"/>) and the read side
/// (<see cref="SiloConfiguration.AddUserReadSide"/>: the feed stream provider, the partition
/// projection grains and the users read models), called through its co-hosted client.
/// </summary>
public sealed class LiveSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private LiveSilo(IHost host)
    {
        _host = host;
        Grains = host.Services.GetRequiredService<IGrainFactory>();
    }

    public IGrainFactory Grains { get; }

    /// <summary>The projections the silo runs (its read models).</summary>
    public IReadOnlyList<IProjection> Projections => _host.Services.GetServices<IProjection>().ToList();

    public static async Task<LiveSilo> StartAsync(string redisConnection, UserReadModelsOptions readModels)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(LocalRedis.FreeTcpPort.Pick(), LocalRedis.FreeTcpPort.Pick(), serviceId: "read-bench", clusterId: "read-bench-" + Guid.NewGuid().ToString("N")[..8]);
            silo.AddUserEventStore(redisConnection);
            silo.AddUserReadSide(redisConnection, readModels);
        });
        var host = builder.Build();
        await host.StartAsync();
        return new LiveSilo(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
