using System.Globalization;
using Grains.Interfaces;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using RedisEventSourcing.Projections;
using Users.Http.Commands;

namespace Users.Http.ReadSide;

/// <summary>
/// Queries of the read models (projections of the partition feeds), never of the grains, and the
/// projections' status. <c>?copy=</c> reads a named copy instead of the live one, as the CLI's <c>--copy</c>.
/// </summary>
public static class ReadSideEndpoints
{
    private const int DefaultWaitMs = 2000;

    public static RouteGroupBuilder MapReadSide(this IEndpointRouteBuilder routes)
    {
        var read = routes.MapGroup("/read/users").WithTags("Read models");
        read.MapGet("/{id}", Get).WithName("ReadUser")
            .WithSummary("A user's row in the read model, at ?minVersion= or later (read your writes), waiting up to ?waitMs= (0-10000, default 2000)");
        read.MapGet("/", FindOrList).WithName("ListUsers")
            .WithSummary("The user holding ?email=, or users in id order: ?limit= (1-1000, default 50) after the id ?after=");
        // A literal segment outranks {id}: a user whose id is "search" is read through /users/search instead.
        read.MapGet("/search", Search).WithName("SearchUsers")
            .WithSummary("Full-text search over name, email and address, best first: ?q=, ?limit= (1-1000, default 20)");

        routes.MapGet("/projections/status", Status).WithTags("Read models").WithName("ProjectionStatus")
            .WithSummary("Every projection's checkpoint, lag and dead letters, per partition and copy");
        return read;
    }

    /// <summary>
    /// A stale answer is a 200 with <c>stale: true</c>: the read succeeded and says what the model
    /// holds (docs/architecture.md, HTTP API, explains the choice).
    /// </summary>
    private static async Task<Ok<UserReadResult>> Get(string id, int? minVersion, int? waitMs, string? copy, HttpContext http, IGrainFactory grains)
    {
        CommandHeaders.BeginQuery(http);
        var asked = minVersion ?? 0;
        if (asked < 0) throw new BadHttpRequestException("?minVersion= must be 0 or more.");
        var result = await grains.GetGrain<IUserQueryGrain>(0).Get(id, asked, waitMs ?? DefaultWaitMs, copy);
        if (result.User is null && !result.Stale)
            throw new UserCommandException(UserErrorCode.UserNotFound, $"The read model has no user '{id}'.");
        http.Response.Headers[ReadSideHeaders.ModelVersion] = result.ModelVersion.ToString(CultureInfo.InvariantCulture);
        if (result.Stale) http.Response.Headers[ReadSideHeaders.Stale] = "true";
        return TypedResults.Ok(result);
    }

    private static async Task<Ok<IReadOnlyList<UserSummary>>> FindOrList(string? email, int? limit, string? after, string? copy, HttpContext http, IGrainFactory grains)
    {
        CommandHeaders.BeginQuery(http);
        var query = grains.GetGrain<IUserQueryGrain>(0);
        if (email is not null)
        {
            // A filter over the collection: zero or one user, never a 404.
            var found = await query.FindByEmail(email, copy);
            return TypedResults.Ok<IReadOnlyList<UserSummary>>(found is null ? [] : [found]);
        }
        return TypedResults.Ok(await query.List(limit ?? 50, after, copy));
    }

    private static async Task<Ok<IReadOnlyList<UserSummary>>> Search(string? q, int? limit, string? copy, HttpContext http, IGrainFactory grains)
    {
        CommandHeaders.BeginQuery(http);
        if (string.IsNullOrWhiteSpace(q)) throw new BadHttpRequestException("?q= needs some words to search for.");
        return TypedResults.Ok(await grains.GetGrain<IUserQueryGrain>(0).Search(q, limit ?? 20, copy));
    }

    private static async Task<Ok<IReadOnlyList<ProjectionPartitionStatus>>> Status(HttpContext http, IGrainFactory grains)
    {
        CommandHeaders.BeginQuery(http);
        return TypedResults.Ok(await grains.GetGrain<IProjectionAdminGrain>(0).Status());
    }
}
