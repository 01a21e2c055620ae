using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Users.Http.Page;

/// <summary>
/// The event-replay page at <c>/</c> and its script and style, embedded in this assembly so every
/// host of the API serves them and the page needs nothing from the internet. The page only calls
/// the API's public routes.
/// </summary>
public static class ReplayPageEndpoints
{
    private static readonly (string Route, string Resource, string ContentType)[] Files =
    [
        ("/", "index.html", "text/html; charset=utf-8"),
        ("/page/replay.js", "replay.js", "text/javascript; charset=utf-8"),
        ("/page/replay.css", "replay.css", "text/css; charset=utf-8"),
    ];

    public static IEndpointRouteBuilder MapReplayPage(this IEndpointRouteBuilder routes)
    {
        foreach (var (route, resource, contentType) in Files)
        {
            var bytes = Read(resource);
            routes.MapGet(route, (HttpContext http) =>
            {
                // Small and versioned with the server: revalidate rather than cache stale script.
                http.Response.Headers.CacheControl = "no-cache";
                return Results.Bytes(bytes, contentType);
            }).ExcludeFromDescription();
        }
        return routes;
    }

    private static byte[] Read(string name)
    {
        var assembly = typeof(ReplayPageEndpoints).Assembly;
        using var stream = assembly.GetManifestResourceStream($"Users.Http.Page.{name}")
            ?? throw new InvalidOperationException($"The page file {name} is not embedded in {assembly.GetName().Name}.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
