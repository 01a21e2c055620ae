using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Users.Http.Hosting;

/// <summary>
/// Routes a host serves on the API's address beside the users API (the silo's health checks, its Prometheus <c>/metrics</c>):
/// registered in the host's services, each part adds its services and routes to the web app
/// <see cref="UsersApiServer"/> builds, so the API library needs to know nothing about them.
/// </summary>
public interface IUsersApiPart
{
    void AddServices(IServiceCollection services);

    void Map(IEndpointRouteBuilder endpoints);
}
