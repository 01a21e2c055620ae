using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Users.Http.Commands;
using Users.Http.Live;
using Users.Http.Page;
using Users.Http.Queries;
using Users.Http.ReadSide;
using Users.Http.Routing;

namespace Users.Http;

public static class UsersApiEndpointRouteBuilderExtensions
{
    /// <summary>Maps every route of the users API, its OpenAPI document (<c>/openapi/v1.json</c>) and the replay page (<c>/</c>).</summary>
    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder routes)
    {
        routes.MapOpenApi();
        routes.MapUserCommands()
            .AddEndpointFilter(PathEncodingFilter.InvokeAsync)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        routes.MapUserQueries()
            .AddEndpointFilter(PathEncodingFilter.InvokeAsync)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        routes.MapUserLiveEvents()
            .AddEndpointFilter(PathEncodingFilter.InvokeAsync)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        routes.MapReplayPage();
        routes.MapReadSide()
            .AddEndpointFilter(PathEncodingFilter.InvokeAsync)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }
}
