using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace EventSourcing.Tests.Infrastructure;

/// <summary>
/// An Orleans client of silos started as processes (<see cref="SiloProcess"/>): through the Redis
/// membership table, as users-cli --redis does, or straight to one gateway, as users-cli --gateway.
/// </summary>
public sealed class SiloClient : IAsyncDisposable
{
    private readonly IHost _host;

    private SiloClient(IHost host) => _host = host;

    public IGrainFactory Grains => _host.Services.GetRequiredService<IClusterClient>();

    /// <param name="responseTimeout">How long a call waits for its answer: short, so calls to a killed silo fail instead of hanging.</param>
    public static Task<SiloClient> ThroughRedisAsync(string redisConnection, string clusterId, TimeSpan responseTimeout) =>
        ConnectAsync(clusterId, responseTimeout, client =>
        {
            client.UseRedisClustering(redisConnection);
            // Gateways of restarted silos are learned soon, and dead ones dropped.
            client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(1));
        });

    public static Task<SiloClient> ToGatewayAsync(int gatewayPort, string clusterId, TimeSpan responseTimeout) =>
        ConnectAsync(clusterId, responseTimeout, client => client.UseStaticClustering(new IPEndPoint(IPAddress.Loopback, gatewayPort)));

    private static async Task<SiloClient> ConnectAsync(string clusterId, TimeSpan responseTimeout, Action<IClientBuilder> clustering)
    {
        var host = Host.CreateDefaultBuilder()
            .ConfigureLogging(logging => logging.ClearProviders())
            .UseOrleansClient(client =>
            {
                clustering(client);
                client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (clusterId, "users"));
                client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = responseTimeout);
            })
            .Build();
        await host.StartAsync();
        return new SiloClient(host);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _host.StopAsync(TimeSpan.FromSeconds(10));
        }
        finally
        {
            _host.Dispose();
        }
    }
}
