using System.Net;
using EventSourcing.Tests.Http;
using EventSourcing.Tests.Infrastructure;
using EventSourcing.Tests.Users;

namespace EventSourcing.Tests.Health;

/// <summary>Readiness with one projection that the test holds behind the feeds.</summary>
public sealed class ProjectionLagReadinessTests(ProjectionLagFixture fixture) : IClassFixture<ProjectionLagFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task readiness_reports_a_projection_held_past_the_max_lag_with_its_detail_and_recovers_once_it_applies()
    {
        var http = fixture.Http;
        await Eventually.TrueAsync(async () => (await http.HealthAsync("/health/ready")).Status == HttpStatusCode.OK, Deadline, "readiness 200 before any lag");

        fixture.Held.Hold();
        try
        {
            var id = UserIds.New("health-lag");
            await (await http.PutAsync($"/users/{id}", new { name = "Lagging Lou" })).JsonAsync(HttpStatusCode.Created);

            // The entry waits behind the held apply until it is older than the max lag.
            var (_, behind) = await Eventually.SucceedsAsync(async () =>
            {
                var answer = await http.HealthAsync("/health/ready");
                return answer.Status == HttpStatusCode.ServiceUnavailable ? answer : throw new InvalidOperationException(answer.Body.ToString());
            }, Deadline, "readiness 503 with the projection held");
            Assert.Equal("Unhealthy", behind.CheckStatus("projections"));
            Assert.Contains(HeldProjection.ProjectionName, behind.CheckDescription("projections"));
            Assert.Equal("Healthy", behind.CheckStatus("redis"));
            var detail = behind.GetProperty("checks").GetProperty("projections").GetProperty("data").GetProperty(HeldProjection.ProjectionName);
            Assert.True(detail.GetProperty("lagMs").GetDouble() > HealthClusterFixture.MaxProjectionLag.TotalMilliseconds, detail.ToString());
            Assert.Equal(1, detail.GetProperty("partitionsBehind").GetInt32());
            Assert.Equal((int)(RawLog.Crc32Ieee(System.Text.Encoding.UTF8.GetBytes(id)) % 16), detail.GetProperty("worstPartition").GetInt32());
        }
        finally
        {
            fixture.Held.Release();
        }

        var (_, caughtUp) = await Eventually.SucceedsAsync(async () =>
        {
            var answer = await http.HealthAsync("/health/ready");
            return answer.Status == HttpStatusCode.OK ? answer : throw new InvalidOperationException(answer.Body.ToString());
        }, Deadline, "readiness 200 once the projection applied");
        Assert.Equal(0, caughtUp.GetProperty("checks").GetProperty("projections").GetProperty("data").GetProperty(HeldProjection.ProjectionName).GetProperty("partitionsBehind").GetInt32());
    }
}
