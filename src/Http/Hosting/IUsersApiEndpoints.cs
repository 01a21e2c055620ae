using Microsoft.AspNetCore.Routing;

namespace Users.Http.Hosting;

/// <summary>
/// Endpoints another part of the host serves beside the users API, on the same server (the silo's
/// Prometheus <c>/metrics</c>): registered in the host's services, mapped by <see cref="UsersApiServer"/>.
/// </summary>
public interface IUsersApiEndpoints
{
    void Map(IEndpointRouteBuilder endpoints);
}
