using System.Globalization;
using System.Text.Json;
using Grains.Interfaces;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Users.Http.Queries;

namespace Users.Http.Live;

/// <summary>
/// <c>GET /users/{id}/events/live?afterVersion=N</c>: a user's new events as server-sent events,
/// over the watch grain, for as long as the client stays connected. First an <c>event: ready</c>
/// whose data says after which version the watch starts (from then on nothing is missed), then one
/// <c>data:</c> line of JSON per item with <c>id:</c> its version, so a reconnecting EventSource
/// (which sends <c>Last-Event-ID</c>) resumes where it stopped.
/// </summary>
public static class UserLiveEndpoints
{
    public static RouteHandlerBuilder MapUserLiveEvents(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/users/{id}/events/live", Live).WithTags("Users (log)").WithName("GetUserLiveEvents")
            .WithSummary("A user's new events as they are appended (text/event-stream), after version ?afterVersion= (default: only new ones)")
            .Produces<UserLiveEvent>(StatusCodes.Status200OK, "text/event-stream");

    private static async Task Live(string id, int? afterVersion, HttpContext http, IGrainFactory grains, WatchStreamSource streams, IOptions<JsonOptions> json)
    {
        if (afterVersion is < 0) throw new BadHttpRequestException("?afterVersion= must be 0 or more.");
        await UserQueryEndpoints.ExistingUser(id, http, grains);
        // A reconnecting EventSource repeats the URL it first had: its Last-Event-ID is the newer position.
        var after = LastEventId(http) ?? afterVersion;
        var aborted = http.RequestAborted;

        await using var watch = new LiveWatch(grains, streams, id);
        var startedAfter = await watch.StartAsync(after, aborted);

        var response = http.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        // A buffering proxy would hold the events back until the response ends, which it never does.
        response.Headers["X-Accel-Buffering"] = "no";
        var options = json.Value.SerializerOptions;
        try
        {
            await response.WriteAsync($"event: ready\ndata: {JsonSerializer.Serialize(new { after = startedAfter }, options)}\n\n", aborted);
            await response.Body.FlushAsync(aborted);
            await foreach (var item in watch.ReadAllAsync(aborted))
            {
                var data = JsonSerializer.Serialize(UserLiveEvent.From(item), options);
                await response.WriteAsync($"id: {item.Version.ToString(CultureInfo.InvariantCulture)}\ndata: {data}\n\n", aborted);
                await response.Body.FlushAsync(aborted);
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client went away: that is how a live stream ends.
        }
    }

    private static int? LastEventId(HttpContext http) =>
        int.TryParse(http.Request.Headers["Last-Event-ID"], NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version : null;
}
