using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Users.Http.Errors;

namespace Users.Http;

public static class UsersApiServiceCollectionExtensions
{
    /// <summary>
    /// What <see cref="UsersApiEndpointRouteBuilderExtensions.MapUsersApi"/> needs besides an
    /// <c>IGrainFactory</c> (a silo's, or an Orleans client's): problem details, the exception
    /// mapping, and the OpenAPI document. The host also calls <c>app.UseExceptionHandler()</c>.
    /// </summary>
    public static IServiceCollection AddUsersApi(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.AddExceptionHandler<UsersApiExceptionHandler>();
        // Named for the API, not for whichever host serves it.
        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Users API";
            document.Info.Description = "Event-sourced users: commands and time travel over each user's log, queries over the read models.";
            return Task.CompletedTask;
        }));
        // Malformed query values and bodies then reach the exception handler and get a problem
        // details body, instead of an empty 400 outside Development.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }
}
