using System.Net;
using System.Text.Json;
using EventSourcing.Tests.Infrastructure;

namespace EventSourcing.Tests.Health;

/// <summary>The Orleans Dashboard the silo serves when configured.</summary>
[Collection(HealthCollection.Name)]
public sealed class DashboardTests(HealthFixture fixture)
{
    [Fact]
    public async Task the_dashboard_serves_its_page_on_loopback_and_the_clusters_silos_when_enabled()
    {
        Assert.True(System.Net.IPAddress.IsLoopback(IPAddress.Parse(fixture.Dashboard.BaseAddress!.Host)));

        using var page = await fixture.Dashboard.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);

        // Its data comes from its grains: the silo is listed as active once they answer.
        var counters = await Eventually.SucceedsAsync(async () =>
        {
            using var response = await fixture.Dashboard.GetAsync("/DashboardCounters");
            response.EnsureSuccessStatusCode();
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        }, TimeSpan.FromSeconds(30), "the dashboard's counters");
        Assert.Contains(counters.GetProperty("hosts").EnumerateArray(), host => host.GetProperty("status").GetString() == "Active");
    }
}
