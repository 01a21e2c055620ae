using System.Diagnostics;
using Grains.Interfaces;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Runtime;

namespace UsersCli;

/// <summary>Starts an Orleans client host connected to the cluster, or fails with a <see cref="ClusterConnectionException"/>.</summary>
internal static class ClusterClientFactory
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(3);

    public static async Task<ClusterSession> ConnectAsync(ConnectionSettings settings, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [],
            ApplicationName = "users-cli",
            ContentRootPath = AppContext.BaseDirectory,
        });

        // stdout carries the command's result (possibly JSON): logs go to stderr, and only on request.
        builder.Logging.ClearProviders();
        if (settings.Verbose)
        {
            builder.Logging.SetMinimumLevel(LogLevel.Debug);
            builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        }

        // No console lifetime: System.CommandLine owns Ctrl+C, and the host must not print status lines.
        builder.Services.AddSingleton<IHostLifetime, PassiveLifetime>();

        var gateway = settings.Redis is null ? await ResolveGatewayAsync(settings, cancellationToken) : null;
        var clock = Stopwatch.StartNew();

        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = settings.ClusterId;
                o.ServiceId = settings.ServiceId;
            });
            if (settings.Redis is not null) client.UseRedisClustering(options => options.ConfigurationOptions = settings.RedisConfiguration());
            else client.UseStaticClustering(gateway!);
            if (settings.GatewayTls is { } tls) client.UseGatewayTls(tls.CaFile, tls.CertificateFile, tls.KeyFile);

            // Grain calls carry the invocation's trace context to the silo (nothing happens unless tracing is on).
            client.AddActivityPropagation();
            client.AddOutgoingGrainCallFilter<RedisEventSourcing.Tracing.UnsampledTraceContextFilter>();

            // `users watch` receives on the stream provider the silo publishes watches on.
            client.AddMemoryStreams(UserWatchStreams.ProviderName);
            client.Configure<ConnectionOptions>(o => o.OpenConnectionTimeout = Min(o.OpenConnectionTimeout, settings.ConnectTimeout));

            // Without a filter the first refused connection fails the start: keep trying (a silo may be
            // starting up) until the connect timeout.
            client.UseConnectionRetryFilter(async (_, token) =>
            {
                var left = settings.ConnectTimeout - clock.Elapsed;
                if (left <= TimeSpan.Zero) return false;
                await Task.Delay(Min(RetryDelay, left), token);
                return true;
            });
        });

        var host = builder.Build();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.ConnectTimeout + TimeSpan.FromSeconds(1));
        try
        {
            await host.StartAsync(timeout.Token).WaitAsync(timeout.Token);
            return new ClusterSession(host);
        }
        catch (Exception ex)
        {
            await StopQuietlyAsync(host);
            if (cancellationToken.IsCancellationRequested) throw new OperationCanceledException(cancellationToken);
            throw new ClusterConnectionException(UnreachableMessage(settings, ex), ex);
        }
    }

    internal static async Task StopQuietlyAsync(IHost host)
    {
        try
        {
            using var stop = new CancellationTokenSource(StopTimeout);
            await host.StopAsync(stop.Token).WaitAsync(stop.Token);
        }
        catch (Exception)
        {
            // Best effort: the process is about to exit.
        }

        try
        {
            host.Dispose();
        }
        catch (Exception)
        {
            // Best effort.
        }
    }

    private static async Task<System.Net.IPEndPoint> ResolveGatewayAsync(ConnectionSettings settings, CancellationToken cancellationToken)
    {
        if (!GatewayAddress.TryParse(settings.Gateway, out var address, out var problem))
            throw new ClusterConnectionException($"invalid gateway address '{settings.Gateway}': {problem}");
        try
        {
            return await address.ResolveAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or ArgumentException)
        {
            throw new ClusterConnectionException($"cannot resolve the gateway host '{address.Host}': {ex.Message}", ex);
        }
    }

    private static string UnreachableMessage(ConnectionSettings settings, Exception ex)
    {
        var reason = ex is OperationCanceledException or TimeoutException
            ? $"no answer within {settings.ConnectTimeout.TotalSeconds:0}s"
            : ex.Message.TrimEnd('.');
        return settings.Unreachable(reason, noGatewayRegistered: ex is SiloUnavailableException);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private sealed class PassiveLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

/// <summary>A started client host; disposing it closes the connection.</summary>
internal sealed class ClusterSession(IHost host) : IAsyncDisposable
{
    public IClusterClient Client { get; } = host.Services.GetRequiredService<IClusterClient>();

    public ValueTask DisposeAsync() => new(ClusterClientFactory.StopQuietlyAsync(host));
}

/// <summary>The cluster could not be reached; the message is meant for the user as it is.</summary>
internal sealed class ClusterConnectionException(string message, Exception? inner = null) : Exception(message, inner);
