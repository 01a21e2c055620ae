using Grains.Interfaces;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Streams;

namespace Users.Http.Live;

/// <summary>
/// The watch streams of the host that serves the API. The API runs in a web app of its own, so the
/// host's services (where Orleans registers its stream providers, keyed by name) are passed in;
/// resolved on first use because a host without <c>AddMemoryStreams("watch")</c> should still serve
/// every other route.
/// </summary>
public sealed class WatchStreamSource(IServiceProvider hostServices)
{
    private readonly Lazy<IStreamProvider> _provider = new(() => hostServices.GetRequiredKeyedService<IStreamProvider>(UserWatchStreams.ProviderName));

    public IAsyncStream<UserWatchItem> For(Guid watchId) =>
        _provider.Value.GetStream<UserWatchItem>(StreamId.Create(UserWatchStreams.Namespace, watchId));
}
