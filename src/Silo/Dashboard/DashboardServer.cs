using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Dashboard;

namespace Silo.Dashboard;

/// <summary>
/// The Orleans Dashboard on a Kestrel server of its own, on its own address (loopback by default):
/// apart from the users API, which may face a proxy, because the dashboard shows every grain type,
/// silo and log line to whoever reaches it and has no authentication. Its routes use the services
/// <c>AddDashboard</c> registered in the silo (client, assets, log stream, options), handed over
/// from the silo's container rather than made twice.
/// </summary>
public sealed class DashboardServer(IServiceProvider silo, ILoggerFactory loggerFactory) : IAsyncDisposable
{
    private WebApplication? _app;

    /// <summary>The address it listens on, once started (the real port when the configured one was 0).</summary>
    public string? Url { get; private set; }

    public async Task StartAsync(string url, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        foreach (var type in DashboardServiceTypes.All)
            builder.Services.AddSingleton(type, _ => silo.GetRequiredService(type));
        builder.Services.AddSingleton(silo.GetRequiredService<IOptions<DashboardOptions>>());

        var app = builder.Build();
        app.MapOrleansDashboard();
        await app.StartAsync(cancellationToken);
        _app = app;
        Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? url;
        loggerFactory.CreateLogger("Silo").DashboardStarted(Url);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is { } app) await app.StopAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is { } app) await app.DisposeAsync();
        _app = null;
    }
}
