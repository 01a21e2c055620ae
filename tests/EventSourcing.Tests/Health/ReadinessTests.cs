using System.Net;
using EventSourcing.Tests.Infrastructure;

namespace EventSourcing.Tests.Health;

/// <summary>Liveness and readiness against a private Redis these tests stop and pause.</summary>
[Collection(HealthCollection.Name)]
public sealed class ReadinessTests(HealthFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private HttpClient Http => fixture.Http;

    [Fact]
    public async Task liveness_answers_200_without_asking_redis_or_the_cluster()
    {
        var (status, body) = await Http.HealthAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        Assert.Equal(["process"], body.GetProperty("checks").EnumerateObject().Select(c => c.Name));
    }

    [Fact]
    public async Task readiness_answers_200_with_each_check_when_redis_answers_and_the_silo_is_active()
    {
        var (status, body) = await Eventually.SucceedsAsync(async () =>
        {
            var answer = await Http.HealthAsync("/health/ready");
            return answer.Status == HttpStatusCode.OK ? answer : throw new InvalidOperationException(answer.Body.ToString());
        }, Deadline, "readiness 200");

        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        Assert.Equal("Healthy", body.CheckStatus("redis"));
        Assert.Contains("answered PING", body.CheckDescription("redis"));
        Assert.Equal("Healthy", body.CheckStatus("membership"));
        Assert.Equal("Active", body.GetProperty("checks").GetProperty("membership").GetProperty("data").GetProperty("status").GetString());
        // No projections run on this silo: nothing to report on.
        Assert.False(body.GetProperty("checks").TryGetProperty("projections", out _));
    }

    [Fact]
    public async Task readiness_turns_503_when_redis_stops_and_200_when_it_returns_while_liveness_stays_200()
    {
        await Eventually.TrueAsync(async () => (await Http.HealthAsync("/health/ready")).Status == HttpStatusCode.OK, Deadline, "readiness 200 before the outage");

        await fixture.Server!.StopAsync();
        try
        {
            var (_, down) = await Eventually.SucceedsAsync(async () =>
            {
                var answer = await Http.HealthAsync("/health/ready");
                return answer.Status == HttpStatusCode.ServiceUnavailable ? answer : throw new InvalidOperationException(answer.Body.ToString());
            }, Deadline, "readiness 503 with Redis stopped");
            Assert.Equal("Unhealthy", down.GetProperty("status").GetString());
            Assert.Equal("Unhealthy", down.CheckStatus("redis"));
            Assert.Contains("not reachable", down.CheckDescription("redis"));
            // The silo itself is still a member: only the dependency is down.
            Assert.Equal("Healthy", down.CheckStatus("membership"));
            Assert.Equal(HttpStatusCode.OK, (await Http.HealthAsync("/health/live")).Status);
        }
        finally
        {
            await fixture.Server.RestartAsync();
        }

        var (_, back) = await Eventually.SucceedsAsync(async () =>
        {
            var answer = await Http.HealthAsync("/health/ready");
            return answer.Status == HttpStatusCode.OK ? answer : throw new InvalidOperationException(answer.Body.ToString());
        }, Deadline, "readiness 200 once Redis is back");
        Assert.Equal("Healthy", back.CheckStatus("redis"));
    }

    [Fact]
    public async Task readiness_answers_503_naming_the_check_timeout_while_redis_hangs()
    {
        await Eventually.TrueAsync(async () => (await Http.HealthAsync("/health/ready")).Status == HttpStatusCode.OK, Deadline, "readiness 200 before the stall");

        await SignalRedisAsync("-STOP");
        (HttpStatusCode Status, System.Text.Json.JsonElement Body) answer;
        try
        {
            // Connections stay open and nothing answers: the PING waits, the check does not.
            answer = await Http.HealthAsync("/health/ready");
        }
        finally
        {
            await SignalRedisAsync("-CONT");
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.Status);
        Assert.Contains($"did not answer within {HealthClusterFixture.CheckTimeout.TotalMilliseconds:0} ms", answer.Body.CheckDescription("redis"));
        await Eventually.TrueAsync(async () => (await Http.HealthAsync("/health/ready")).Status == HttpStatusCode.OK, Deadline, "readiness 200 once Redis answers again");
    }

    private async Task SignalRedisAsync(string signal)
    {
        var pid = File.ReadAllText(Path.Combine(fixture.Server!.DataDirectory, "redis.pid")).Trim();
        using var kill = System.Diagnostics.Process.Start("kill", [signal, pid]);
        await kill.WaitForExitAsync();
        Assert.Equal(0, kill.ExitCode);
    }
}
