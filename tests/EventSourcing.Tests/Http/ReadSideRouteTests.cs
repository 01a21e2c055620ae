using System.Net;
using System.Text.Json;
using EventSourcing.Tests.Users;

namespace EventSourcing.Tests.Http;

[Collection(HttpApiCollection.Name)]
public sealed class ReadSideRouteTests(HttpApiFixture fixture)
{
    private HttpClient Http => fixture.Http;

    [Fact]
    public async Task reading_at_the_version_a_command_returned_gives_that_write_from_the_read_model()
    {
        var id = UserIds.New("http-ryw");
        await (await Http.PutAsync($"/users/{id}", new { name = "Olga" })).JsonAsync(HttpStatusCode.Created);
        var renamed = await (await Http.PutAsync($"/users/{id}/name", new { name = "Olga K" })).JsonAsync();

        var response = await Http.GetAsync($"/read/users/{id}?minVersion={renamed.Int("version")}&waitMs=10000");
        var read = await response.JsonAsync();

        Assert.False(read.GetProperty("stale").GetBoolean());
        Assert.Equal("Olga K", read.GetProperty("user").Str("name"));
        Assert.Equal(2, read.Int("modelVersion"));
        Assert.Equal("2", response.Header("X-Read-Model-Version"));
        Assert.Equal("", response.Header("X-Read-Model-Stale"));
    }

    [Fact]
    public async Task asking_for_a_version_the_model_does_not_reach_in_time_answers_stale_with_the_version_it_has()
    {
        var id = UserIds.New("http-stale");
        var created = await (await Http.PutAsync($"/users/{id}", new { name = "Pia" })).JsonAsync(HttpStatusCode.Created);
        await (await Http.GetAsync($"/read/users/{id}?minVersion={created.Int("version")}&waitMs=10000")).JsonAsync();

        var response = await Http.GetAsync($"/read/users/{id}?minVersion=5&waitMs=50");
        var read = await response.JsonAsync();

        Assert.True(read.GetProperty("stale").GetBoolean());
        Assert.Equal(1, read.Int("modelVersion"));
        Assert.Equal(5, read.Int("askedVersion"));
        Assert.Equal("Pia", read.GetProperty("user").Str("name"));
        Assert.Equal("true", response.Header("X-Read-Model-Stale"));
        Assert.Equal("1", response.Header("X-Read-Model-Version"));
    }

    [Fact]
    public async Task find_by_email_search_and_list_answer_from_the_read_models()
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        var ids = new[] { $"http-q-{tag}-a", $"http-q-{tag}-b" };
        foreach (var (id, n) in ids.Select((id, n) => (id, n)))
        {
            var created = await (await Http.PutAsync($"/users/{id}", new { name = $"Quinn {n}", email = $"{id}@example.com", address = $"{n} Zanzibar{tag} Street" }))
                .JsonAsync(HttpStatusCode.Created);
            await (await Http.GetAsync($"/read/users/{id}?minVersion={created.Int("version")}&waitMs=10000")).JsonAsync();
        }

        var found = await (await Http.GetAsync($"/read/users?email={ids[1]}@example.com")).JsonAsync();
        var none = await (await Http.GetAsync($"/read/users?email=nobody-{tag}@example.com")).JsonAsync();
        var searched = await Infrastructure.Eventually.SucceedsAsync(async () =>
        {
            var rows = await (await Http.GetAsync($"/read/users/search?q=zanzibar{tag}&limit=10")).JsonAsync();
            Assert.Equal(2, rows.GetArrayLength());
            return rows;
        }, TimeSpan.FromSeconds(15), "the search model has both users");
        var page = await (await Http.GetAsync($"/read/users?limit=1&after={ids[0]}")).JsonAsync();
        await (await Http.GetAsync("/read/users?limit=0")).ProblemAsync(HttpStatusCode.BadRequest, "/problems/invalid-input");
        await (await Http.GetAsync("/read/users/search?q=")).ProblemAsync(HttpStatusCode.BadRequest, "/problems/invalid-input");

        Assert.Equal(ids[1], Assert.Single(found.EnumerateArray()).Str("id"));
        Assert.Equal(0, none.GetArrayLength());
        Assert.Equal(ids.Order(StringComparer.Ordinal), searched.EnumerateArray().Select(r => r.Str("id")).Order(StringComparer.Ordinal));
        Assert.Equal(ids[1], Assert.Single(page.EnumerateArray()).Str("id"));
    }

    [Fact]
    public async Task projection_status_lists_every_projection_on_every_partition()
    {
        var status = await (await Http.GetAsync("/projections/status")).JsonAsync();

        var rows = status.EnumerateArray().ToList();
        foreach (var projection in new[] { "users_redis", "users" })
            Assert.Equal(Enumerable.Range(0, 16), rows.Where(r => r.Str("projection") == projection).Select(r => r.Int("partition")).Order());
        Assert.All(rows, r => Assert.Equal(JsonValueKind.Number, r.GetProperty("behind").ValueKind));
    }
}
