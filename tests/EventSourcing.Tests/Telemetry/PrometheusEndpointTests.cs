using System.Net;
using Grains.Interfaces;

namespace EventSourcing.Tests.Telemetry;

/// <summary>The silo's Prometheus scrape endpoint, on the HTTP API's server (Telemetry:Prometheus:Enabled).</summary>
[Collection(TelemetryCollection.Name)]
public sealed class PrometheusEndpointTests(TelemetryClusterFixture fixture)
{
    [Fact]
    public async Task the_scrape_endpoint_answers_with_the_event_store_projection_and_orleans_metrics()
    {
        await fixture.Grains.GetGrain<IUserGrain>($"scrape-{Guid.NewGuid():N}").Create("Sol", "sol@example.com");
        await fixture.ProjectionsIdleAsync();

        var response = await fixture.Http.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        // OpenTelemetry's Prometheus names: dots become underscores, counters end in _total, seconds in _seconds.
        Assert.Contains("es_events_appended_total", text);
        Assert.Contains("es_append_duration_seconds_bucket", text);
        Assert.Contains("es_replay_duration_seconds_count", text);
        Assert.Contains("es_projection_events_applied_total{", text);
        Assert.Contains("projection=\"users_redis\"", text);
        Assert.Contains("es_projection_lag_seconds_bucket", text);
        Assert.Contains("orleans_", text);
    }
}
