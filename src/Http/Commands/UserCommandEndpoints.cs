using Grains.Interfaces;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Users.Http.Commands;

/// <summary>
/// The user commands. Each answers the user's new state with the version it produced, so a client
/// can read its own writes from the read side (<c>GET /read/users/{id}?minVersion=</c>).
/// </summary>
public static class UserCommandEndpoints
{
    public static RouteGroupBuilder MapUserCommands(this IEndpointRouteBuilder routes)
    {
        var users = routes.MapGroup("/users").WithTags("Commands");

        users.MapPost("/", (CreateUserRequest body, HttpContext http, IGrainFactory grains) =>
                Create(body.Id ?? throw new BadHttpRequestException("The body needs an \"id\"."), body.Name, body.Email, body.Address, http, grains))
            .WithName("CreateUser").WithSummary("Create a user (id in the body)");
        users.MapPut("/{id}", (string id, NewUserRequest body, HttpContext http, IGrainFactory grains) =>
                Create(id, body.Name, body.Email, body.Address, http, grains))
            .WithName("CreateUserAt").WithSummary("Create a user at its URL");
        users.MapPut("/{id}/name", (string id, ChangeNameRequest body, HttpContext http, IGrainFactory grains) =>
                Command(id, g => g.Rename(body.Name!), http, grains))
            .WithName("RenameUser").WithSummary("Change a user's name");
        users.MapPut("/{id}/email", (string id, ChangeEmailRequest body, HttpContext http, IGrainFactory grains) =>
                Command(id, g => g.ChangeEmail(body.Email!), http, grains))
            .WithName("ChangeUserEmail").WithSummary("Change a user's email address");
        users.MapPut("/{id}/address", (string id, ChangeAddressRequest body, HttpContext http, IGrainFactory grains) =>
                Command(id, g => g.ChangeAddress(body.Address!), http, grains))
            .WithName("ChangeUserAddress").WithSummary("Change a user's postal address");
        users.MapPost("/{id}/deactivate", (string id, DeactivateRequest body, HttpContext http, IGrainFactory grains) =>
                Command(id, g => g.Deactivate(body.Reason!), http, grains))
            .WithName("DeactivateUser").WithSummary("Deactivate a user; it accepts no more changes");

        return users;
    }

    private static async Task<Created<UserView>> Create(string id, string? name, string? email, string? address, HttpContext http, IGrainFactory grains)
    {
        // A null name, email or address is the grain's to refuse (400), as it would be from any caller.
        var view = await Command(id, g => g.Create(name!, email, address), http, grains);
        return TypedResults.Created($"/users/{Uri.EscapeDataString(id)}", view.Value);
    }

    private static async Task<Ok<UserView>> Command(string id, Func<IUserGrain, Task<UserView>> call, HttpContext http, IGrainFactory grains)
    {
        CommandHeaders.BeginCommand(http);
        var view = await call(grains.GetGrain<IUserGrain>(id));
        return TypedResults.Ok(view);
    }
}
