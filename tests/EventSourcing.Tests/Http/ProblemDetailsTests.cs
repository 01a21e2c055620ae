using System.Net;
using System.Text;
using EventSourcing.Tests.Infrastructure;
using EventSourcing.Tests.Users;

namespace EventSourcing.Tests.Http;

[Collection(HttpApiCollection.Name)]
public sealed class ProblemDetailsTests(HttpApiFixture fixture)
{
    private HttpClient Http => fixture.Http;

    [Fact]
    public async Task invalid_values_are_400_problems_that_say_what_is_wrong_and_append_nothing()
    {
        var id = UserIds.New("http-invalid");
        await (await Http.PutAsync($"/users/{id}", new { name = "Gil" })).JsonAsync(HttpStatusCode.Created);

        var badEmail = await (await Http.PutAsync($"/users/{id}/email", new { email = "not-an-email" }))
            .ProblemAsync(HttpStatusCode.BadRequest, "/problems/invalid-input");
        var noName = await (await Http.PutAsync($"/users/{UserIds.New("http-noname")}", new { email = "x@example.com" }))
            .ProblemAsync(HttpStatusCode.BadRequest, "/problems/invalid-input");
        var noId = await (await Http.PostAsync("/users", new { name = "Nobody" })).ProblemAsync(HttpStatusCode.BadRequest, "/problems/invalid-input");
        var brokenJson = await (await Http.PutAsync($"/users/{id}/name", new StringContent("{name:", Encoding.UTF8, "application/json")))
            .ProblemAsync(HttpStatusCode.BadRequest, "/problems/invalid-input");
        var badVersion = await (await Http.GetAsync($"/users/{id}?version=abc")).ProblemAsync(HttpStatusCode.BadRequest, "/problems/invalid-input");
        var both = await (await Http.GetAsync($"/users/{id}?version=1&asOf=2026-01-01T00:00:00Z")).ProblemAsync(HttpStatusCode.BadRequest, "/problems/invalid-input");
        var beyond = await (await Http.GetAsync($"/users/{id}?version=9")).ProblemAsync(HttpStatusCode.BadRequest, "/problems/invalid-input");
        var badPage = await (await Http.GetAsync($"/users/{id}/history?limit=0")).ProblemAsync(HttpStatusCode.BadRequest, "/problems/invalid-input");

        Assert.Equal("InvalidEmail", badEmail.Str("code"));
        Assert.Contains("not-an-email", badEmail.Str("detail"));
        Assert.Equal("InvalidName", noName.Str("code"));
        Assert.Contains("id", noId.Str("detail"));
        Assert.Contains("JSON", brokenJson.Str("detail"));
        Assert.Contains("version", badVersion.Str("detail"));
        Assert.Contains("not both", both.Str("detail"));
        Assert.Equal("InvalidVersion", beyond.Str("code"));
        Assert.Equal("InvalidPaging", badPage.Str("code"));
        Assert.Single(await RawLog.EntriesAsync(fixture.Db, RawLog.UserStreamKey(id)));
    }

    [Fact]
    public async Task an_unknown_user_is_a_404_problem_for_commands_and_reads_alike()
    {
        var id = UserIds.New("http-unknown");

        var rename = await (await Http.PutAsync($"/users/{id}/name", new { name = "Ghost" })).ProblemAsync(HttpStatusCode.NotFound, "/problems/user-not-found");
        await (await Http.GetAsync($"/users/{id}")).ProblemAsync(HttpStatusCode.NotFound, "/problems/user-not-found");
        await (await Http.GetAsync($"/users/{id}?version=0")).ProblemAsync(HttpStatusCode.NotFound, "/problems/user-not-found");
        await (await Http.GetAsync($"/users/{id}/history")).ProblemAsync(HttpStatusCode.NotFound, "/problems/user-not-found");
        await (await Http.GetAsync($"/users/{id}/read-models")).ProblemAsync(HttpStatusCode.NotFound, "/problems/user-not-found");
        await (await Http.GetAsync($"/read/users/{id}?waitMs=0")).ProblemAsync(HttpStatusCode.NotFound, "/problems/user-not-found");

        Assert.Equal("UserNotFound", rename.Str("code"));
        Assert.Contains(id, rename.Str("detail"));
    }

    [Fact]
    public async Task creating_an_existing_user_or_changing_a_deactivated_one_is_a_409_problem()
    {
        var id = UserIds.New("http-conflict");
        await (await Http.PutAsync($"/users/{id}", new { name = "Hal" })).JsonAsync(HttpStatusCode.Created);

        var exists = await (await Http.PostAsync("/users", new { id, name = "Hal again" })).ProblemAsync(HttpStatusCode.Conflict, "/problems/user-already-exists");
        await (await Http.PostAsync($"/users/{id}/deactivate", new { reason = "gone" })).JsonAsync();
        var deactivated = await (await Http.PutAsync($"/users/{id}/name", new { name = "Hal 2" })).ProblemAsync(HttpStatusCode.Conflict, "/problems/user-deactivated");

        Assert.Equal("UserAlreadyExists", exists.Str("code"));
        Assert.Equal("UserDeactivated", deactivated.Str("code"));
        Assert.Contains("gone", deactivated.Str("detail"));
        Assert.Equal(["UserCreated", "UserDeactivated"], (await RawLog.EntriesAsync(fixture.Db, RawLog.UserStreamKey(id))).Select(e => e["type"]));
    }

    [Fact]
    public async Task a_lost_answer_is_a_503_outcome_unknown_naming_a_key_and_retrying_with_that_key_appends_nothing_twice()
    {
        var id = HttpClusterFixture.LostAnswer + Guid.NewGuid().ToString("N");

        // No key sent: the API makes one, and the problem and its header name it.
        var lost = await Http.PutAsync($"/users/{id}", new { name = "Ida", email = "ida@example.com" });
        var problem = await lost.ProblemAsync(HttpStatusCode.ServiceUnavailable, "/problems/outcome-unknown");
        var key = problem.Str("idempotencyKey");
        Assert.Equal(key, lost.Header("Idempotency-Key"));
        Assert.NotEmpty(lost.Headers.RetryAfter?.ToString() ?? "");

        var retried = await Http.PutAsync($"/users/{id}", new { name = "Ida", email = "ida@example.com" }, idempotencyKey: key);

        Assert.Equal(2, (await retried.JsonAsync(HttpStatusCode.Created)).Int("version"));
        var entries = await RawLog.EntriesAsync(fixture.Db, RawLog.UserStreamKey(id));
        Assert.Equal(["UserCreated", "EmailUpdated"], entries.Select(e => e["type"]));
        Assert.All(entries, e => Assert.Equal(key, e["_command_id"]));
    }

    [Fact]
    public async Task a_client_key_is_the_one_an_outcome_unknown_problem_names()
    {
        var id = HttpClusterFixture.LostAnswer + Guid.NewGuid().ToString("N");
        await (await Http.PutAsync($"/users/{id}", new { name = "Jo" }, idempotencyKey: "jo-create")).ProblemAsync(HttpStatusCode.ServiceUnavailable, "/problems/outcome-unknown");

        var lost = await Http.PutAsync($"/users/{id}/name", new { name = "Joanna" }, idempotencyKey: "jo-rename");
        var problem = await lost.ProblemAsync(HttpStatusCode.ServiceUnavailable, "/problems/outcome-unknown");
        var retried = await (await Http.PutAsync($"/users/{id}/name", new { name = "Joanna" }, idempotencyKey: "jo-rename")).JsonAsync();

        Assert.Equal("jo-rename", problem.Str("idempotencyKey"));
        Assert.Equal("jo-rename", lost.Header("Idempotency-Key"));
        Assert.Equal(2, retried.Int("version"));
        Assert.Equal(2, (await RawLog.EntriesAsync(fixture.Db, RawLog.UserStreamKey(id))).Count);
    }

    [Fact]
    public async Task an_over_long_metadata_header_is_a_400_and_the_command_is_not_run()
    {
        var id = UserIds.New("http-badheader");
        var request = new HttpRequestMessage(HttpMethod.Put, $"/users/{id}") { Content = System.Net.Http.Json.JsonContent.Create(new { name = "Kim" }) };
        request.Headers.TryAddWithoutValidation("X-Actor", new string('a', 300));

        await (await Http.SendAsync(request)).ProblemAsync(HttpStatusCode.BadRequest, "/problems/invalid-input");
        await (await Http.GetAsync($"/users/{id}")).ProblemAsync(HttpStatusCode.NotFound, "/problems/user-not-found");
    }
}
