using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Users.Http.Live;

namespace Users.Http.Hosting;

/// <summary>
/// The users API on its own Kestrel server, in a host that already has an <see cref="IGrainFactory"/>
/// (a silo, or a process with an Orleans client). A web app of its own keeps the silo's generic
/// host, its configuration and its shutdown order as they are; the API shares the host's loggers,
/// and the host's services give it the watch streams (<see cref="WatchStreamSource"/>).
/// </summary>
public sealed class UsersApiServer(IGrainFactory grains, ILoggerFactory loggerFactory, IServiceProvider hostServices) : IAsyncDisposable
{
    private WebApplication? _app;

    /// <summary>The address the server listens on, once started (the real port when the configured one was 0).</summary>
    public string? Url { get; private set; }

    public async Task StartAsync(string url, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton(grains);
        builder.Services.AddSingleton(new WatchStreamSource(hostServices));
        builder.Services.AddUsersApi();

        var app = builder.Build();
        app.UseExceptionHandler();
        app.MapUsersApi();
        foreach (var extra in hostServices.GetServices<IUsersApiEndpoints>()) extra.Map(app);
        await app.StartAsync(cancellationToken);
        _app = app;
        Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? url;
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
