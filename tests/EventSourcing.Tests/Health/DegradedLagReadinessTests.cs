using System.Net;
using EventSourcing.Tests.Http;
using EventSourcing.Tests.Infrastructure;
using EventSourcing.Tests.Users;

namespace EventSourcing.Tests.Health;

/// <summary>Readiness with <c>Health:ProjectionLagStatus=Degraded</c>: a lagging projection is shown, the silo stays in rotation.</summary>
public sealed class DegradedLagReadinessTests(DegradedLagFixture fixture) : IClassFixture<DegradedLagFixture>
{
    [Fact]
    public async Task a_projection_past_the_max_lag_makes_readiness_degraded_but_still_200_when_so_configured()
    {
        var http = fixture.Http;
        fixture.Held.Hold();
        try
        {
            await (await http.PutAsync($"/users/{UserIds.New("health-degraded")}", new { name = "Slow Sam" })).JsonAsync(HttpStatusCode.Created);

            var (status, body) = await Eventually.SucceedsAsync(async () =>
            {
                var answer = await http.HealthAsync("/health/ready");
                return answer.Body.GetProperty("status").GetString() == "Degraded" ? answer : throw new InvalidOperationException(answer.Body.ToString());
            }, TimeSpan.FromSeconds(30), "readiness Degraded with the projection held");

            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal("Degraded", body.CheckStatus("projections"));
            Assert.Contains(HeldProjection.ProjectionName, body.CheckDescription("projections"));
        }
        finally
        {
            fixture.Held.Release();
        }
    }
}
