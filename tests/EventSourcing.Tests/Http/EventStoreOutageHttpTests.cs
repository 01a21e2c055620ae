using System.Net;
using EventSourcing.Tests.Infrastructure;
using EventSourcing.Tests.Users;

namespace EventSourcing.Tests.Http;

/// <summary>Against a private Redis these tests stop and restart.</summary>
[Collection(HttpFaultCollection.Name)]
public sealed class EventStoreOutageHttpTests(HttpFaultFixture fixture)
{
    private HttpClient Http => fixture.Http;

    [Fact]
    public async Task with_redis_down_requests_are_503_problems_with_retry_after_and_work_again_once_redis_is_back()
    {
        var id = UserIds.New("http-outage");
        await (await Http.PutAsync($"/users/{id}", new { name = "Rita" })).JsonAsync(HttpStatusCode.Created);

        await fixture.Server!.StopAsync();
        HttpResponseMessage cold, command;
        try
        {
            // A user not active yet must be read from Redis: nothing was appended, a plain retry is safe.
            cold = await Http.GetAsync($"/users/{UserIds.New("http-cold")}");
            command = await Http.PutAsync($"/users/{id}/name", new { name = "Rita R" }, idempotencyKey: "rita-rename");
        }
        finally
        {
            await fixture.Server.RestartAsync();
        }

        var coldProblem = await cold.ProblemAsync(HttpStatusCode.ServiceUnavailable, "/problems/event-store-unavailable");
        Assert.Equal("1", cold.Headers.RetryAfter?.ToString());
        Assert.Contains("es:", coldProblem.Str("detail"));
        // An append on the wire when Redis went away may have landed: then the answer is "outcome unknown".
        var commandProblem = await command.JsonAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Contains(commandProblem.Str("type"), new[] { "/problems/event-store-unavailable", "/problems/outcome-unknown" });
        Assert.Equal("rita-rename", command.Header("Idempotency-Key"));
        Assert.NotNull(command.Headers.RetryAfter);

        var renamed = await Eventually.SucceedsAsync(async () =>
            await (await Http.PutAsync($"/users/{id}/name", new { name = "Rita R" }, idempotencyKey: "rita-rename")).JsonAsync(),
            TimeSpan.FromSeconds(30), "the rename once Redis is back");
        Assert.Equal(2, renamed.Int("version"));
        Assert.Equal(["UserCreated", "NameChanged"], (await RawLog.EntriesAsync(fixture.Db, RawLog.UserStreamKey(id))).Select(e => e["type"]));
    }
}
