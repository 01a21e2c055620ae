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
        Projections = host.Services.GetServices<IProjectionFactory>().Select(f => f.Open(f.Name)).ToList();
        // Without them the run could not wait for the read side, and would time events out of the window.
        if (Projections.Count == 0) throw new InvalidOperationException("The silo registered no projections.");
    }

    public IGrainFactory Grains { get; }

    /// <summary>
    /// The projections the silo runs (its read models), opened as their live copies: a fresh
    /// silo has never rebuilt, so each live copy carries its factory's name.
    /// </summary>
    public IReadOnlyList<IProjection> Projections { get; private set; } = [];

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
