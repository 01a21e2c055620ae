using Grains.Interfaces;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using RedisEventSourcing.Projections;
using Users.Http.Commands;

namespace Users.Http.Queries;

/// <summary>
/// Reads of one user from its log (the grain): the current state, the state at a version or an
/// instant (time travel, by the same fold that serves the grain), the history in pages, and what
/// each read model holds for the user. The replay page is built on these.
/// </summary>
public static class UserQueryEndpoints
{
    private const int DefaultHistoryPage = 100;

    public static RouteGroupBuilder MapUserQueries(this IEndpointRouteBuilder routes)
    {
        var users = routes.MapGroup("/users").WithTags("Users (log)");
        users.MapGet("/{id}", Get).WithName("GetUser")
            .WithSummary("A user's state: current, after exactly ?version=N events, or as of ?asOf=<ISO 8601 instant>");
        users.MapGet("/{id}/history", History).WithName("GetUserHistory")
            .WithSummary("A page of a user's events with metadata, oldest first, from version ?from= (1 = the first)");
        users.MapGet("/{id}/read-models", ReadModels).WithName("GetUserReadModels")
            .WithSummary("What each read model (and copy) holds for the user, and at which version");
        return users;
    }

    private static async Task<Ok<UserView>> Get(string id, int? version, DateTimeOffset? asOf, HttpContext http, IGrainFactory grains)
    {
        if (version is not null && asOf is not null)
            throw new BadHttpRequestException("Give ?version= or ?asOf=, not both.");
        var grain = await ExistingUser(id, http, grains);
        var view = version is { } v ? await grain.GetStateAtVersion(v)
            : asOf is { } instant ? await grain.GetStateAsOf(instant)
            : await grain.GetState();
        return TypedResults.Ok(view);
    }

    private static async Task<Ok<UserHistoryPage>> History(string id, int? from, int? limit, HttpContext http, IGrainFactory grains)
    {
        var grain = await ExistingUser(id, http, grains);
        var start = from ?? 1;
        var events = await grain.GetHistory(start, limit ?? DefaultHistoryPage);
        // Read after the page, so the version covers every event the page holds.
        var current = (await grain.GetState()).Version;
        var next = events.Count > 0 && events[^1].Version < current ? events[^1].Version + 1 : (int?)null;
        return TypedResults.Ok(new UserHistoryPage(id, current, start, next, events));
    }

    private static async Task<Ok<UserReadModelsView>> ReadModels(string id, HttpContext http, IGrainFactory grains)
    {
        var grain = await ExistingUser(id, http, grains);
        var version = (await grain.GetState()).Version;
        var query = grains.GetGrain<IUserQueryGrain>(0);
        var copies = (await grains.GetGrain<IProjectionAdminGrain>(0).Status())
            .Select(s => (s.Projection, s.Copy, s.Role))
            .Distinct()
            .OrderBy(c => c.Projection, StringComparer.Ordinal).ThenBy(c => c.Copy, StringComparer.Ordinal);
        var models = new List<UserReadModelEntry>();
        foreach (var (projection, copy, role) in copies)
        {
            try
            {
                // waitMs 0: what the copy holds now, not what it will hold.
                var read = await query.Get(id, 0, 0, copy);
                models.Add(new UserReadModelEntry(projection, copy, role, read.ModelVersion, read.User));
            }
            catch (Exception e) when (e is ArgumentException or InvalidCastException)
            {
                // Not a users read model (a silo may run other projections): it holds no user rows.
            }
        }
        return TypedResults.Ok(new UserReadModelsView(id, version, models));
    }

    /// <summary>The grain of a user that was ever created; any other id is a 404.</summary>
    internal static async Task<IUserGrain> ExistingUser(string id, HttpContext http, IGrainFactory grains)
    {
        CommandHeaders.BeginQuery(http);
        var grain = grains.GetGrain<IUserGrain>(id);
        var current = await grain.GetState();
        if (current.Version == 0)
            throw new UserCommandException(UserErrorCode.UserNotFound, $"User '{id}' does not exist.");
        return grain;
    }
}
