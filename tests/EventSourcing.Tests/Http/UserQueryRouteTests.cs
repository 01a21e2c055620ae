using System.Net;
using System.Text.Json;
using EventSourcing.Tests.Users;

namespace EventSourcing.Tests.Http;

[Collection(HttpApiCollection.Name)]
public sealed class UserQueryRouteTests(HttpApiFixture fixture)
{
    private HttpClient Http => fixture.Http;

    [Fact]
    public async Task get_answers_the_current_state_and_travels_in_time_by_version_and_by_instant()
    {
        var id = UserIds.New("http-travel");
        await (await Http.PutAsync($"/users/{id}", new { name = "Lea" })).JsonAsync(HttpStatusCode.Created);
        var history = await (await Http.GetAsync($"/users/{id}/history")).JsonAsync();
        var createdAt = history.GetProperty("events")[0].GetProperty("timestamp").GetDateTimeOffset();
        // Redis entry ids have millisecond resolution: wait until its clock is past the creation.
        await Infrastructure.Eventually.TrueAsync(async () => await ServerTimeAsync() > createdAt, TimeSpan.FromSeconds(5), "Redis clock passes the creation");
        await (await Http.PutAsync($"/users/{id}/name", new { name = "Leah" })).JsonAsync();

        var now = await (await Http.GetAsync($"/users/{id}")).JsonAsync();
        var atOne = await (await Http.GetAsync($"/users/{id}?version=1")).JsonAsync();
        var atZero = await (await Http.GetAsync($"/users/{id}?version=0")).JsonAsync();
        var asOfCreation = await (await Http.GetAsync($"/users/{id}?asOf={Uri.EscapeDataString(createdAt.ToString("O"))}")).JsonAsync();
        var beforeCreation = await (await Http.GetAsync($"/users/{id}?asOf={Uri.EscapeDataString(createdAt.AddSeconds(-1).ToString("O"))}")).JsonAsync();

        Assert.Equal(("Leah", 2), (now.Str("name"), now.Int("version")));
        Assert.Equal(("Lea", 1), (atOne.Str("name"), atOne.Int("version")));
        Assert.False(atZero.GetProperty("exists").GetBoolean());
        Assert.Equal(0, atZero.Int("version"));
        Assert.Equal(("Lea", 1), (asOfCreation.Str("name"), asOfCreation.Int("version")));
        Assert.Equal(0, beforeCreation.Int("version"));
    }

    [Fact]
    public async Task history_comes_in_pages_from_a_version_and_each_page_says_where_the_next_starts()
    {
        var id = UserIds.New("http-history");
        await (await Http.PutAsync($"/users/{id}", new { name = "Max", email = "max@example.com" }, idempotencyKey: "max-1")).JsonAsync(HttpStatusCode.Created);
        foreach (var n in Enumerable.Range(1, 3))
            await (await Http.SendAsync(HttpMethod.Put, $"/users/{id}/name", new { name = $"Max {n}" }, actor: "tester", correlationId: $"c{n}")).JsonAsync();

        var first = await (await Http.GetAsync($"/users/{id}/history?limit=2")).JsonAsync();
        var second = await (await Http.GetAsync($"/users/{id}/history?from={first.Int("next")}&limit=2")).JsonAsync();
        var last = await (await Http.GetAsync($"/users/{id}/history?from={second.Int("next")}&limit=2")).JsonAsync();

        Assert.Equal(5, first.Int("version"));
        Assert.Equal([1, 2], Versions(first));
        Assert.Equal([3, 4], Versions(second));
        Assert.Equal([5], Versions(last));
        Assert.Equal(JsonValueKind.Null, last.GetProperty("next").ValueKind);
        var created = first.GetProperty("events")[0];
        Assert.Equal("UserCreated", created.Str("type"));
        Assert.Equal("Max", created.GetProperty("payload").Str("name"));
        Assert.Equal("max-1", created.GetProperty("metadata").Str("command_id"));
        var renamed = second.GetProperty("events")[0];
        Assert.Equal("NameChanged", renamed.Str("type"));
        Assert.Equal("tester", renamed.GetProperty("metadata").Str("actor"));
        Assert.Equal("c1", renamed.GetProperty("metadata").Str("correlation_id"));
    }

    [Fact]
    public async Task read_models_route_shows_what_each_read_model_holds_for_the_user_and_at_which_version()
    {
        var id = UserIds.New("http-models");
        var created = await (await Http.PutAsync($"/users/{id}", new { name = "Ned", email = "ned@example.com" })).JsonAsync(HttpStatusCode.Created);
        // Both models reach the command's version (the read route waits for it), then this route shows them there.
        await (await Http.GetAsync($"/read/users/{id}?minVersion={created.Int("version")}&waitMs=10000")).JsonAsync();

        var view = await Infrastructure.Eventually.SucceedsAsync(async () =>
        {
            var v = await (await Http.GetAsync($"/users/{id}/read-models")).JsonAsync();
            var models = v.GetProperty("models").EnumerateArray().ToList();
            Assert.Contains(models, m => m.Str("projection") == "users_redis");
            Assert.Contains(models, m => m.Str("projection") == "users");
            Assert.All(models.Where(m => m.Str("role") == "live"), m => Assert.Equal(2, m.Int("version")));
            return v;
        }, TimeSpan.FromSeconds(15), "every read model at version 2");

        Assert.Equal(2, view.Int("version"));
        var live = view.GetProperty("models").EnumerateArray().Where(m => m.Str("role") == "live").ToList();
        Assert.All(live, m => Assert.Equal("ned@example.com", m.GetProperty("user").Str("email")));
    }

    private static List<int> Versions(JsonElement page) => page.GetProperty("events").EnumerateArray().Select(e => e.Int("version")).ToList();

    private async Task<DateTimeOffset> ServerTimeAsync()
    {
        var time = await fixture.Db.ExecuteAsync("TIME");
        var parts = (StackExchange.Redis.RedisResult[])time!;
        return DateTimeOffset.FromUnixTimeMilliseconds((long)parts[0] * 1000 + (long)parts[1] / 1000);
    }
}
