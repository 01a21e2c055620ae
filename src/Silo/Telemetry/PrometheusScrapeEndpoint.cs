using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using Users.Http.Hosting;

namespace Silo.Telemetry;

/// <summary>
/// <c>GET /metrics</c> (Prometheus text format) on the HTTP API's server. The API runs its own web
/// application, so the silo's meter provider, which holds the Prometheus exporter, is handed over.
/// </summary>
internal sealed class PrometheusScrapeEndpoint(MeterProvider meterProvider) : IUsersApiPart
{
    public const string Path = "/metrics";

    public void AddServices(IServiceCollection services) { }

    public void Map(IEndpointRouteBuilder endpoints) => endpoints.MapPrometheusScrapingEndpoint(Path, meterProvider, null, null);
}
