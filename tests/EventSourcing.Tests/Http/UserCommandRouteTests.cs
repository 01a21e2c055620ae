using System.Net;
using EventSourcing.Tests.Infrastructure;
using EventSourcing.Tests.Users;

namespace EventSourcing.Tests.Http;

[Collection(HttpApiCollection.Name)]
public sealed class UserCommandRouteTests(HttpApiFixture fixture)
{
    private HttpClient Http => fixture.Http;

    [Fact]
    public async Task post_users_creates_a_user_with_email_and_address_in_one_batch_and_answers_201_with_its_location_and_version()
    {
        var id = UserIds.New("http-post");
        var response = await Http.PostAsync("/users", new { id, name = "Alice", email = "alice@example.com", address = "1 Rabbit Hole Lane" });

        var user = await response.JsonAsync(HttpStatusCode.Created);
        Assert.Equal($"/users/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(id, user.Str("id"));
        Assert.Equal("alice@example.com", user.Str("email"));
        Assert.Equal("1 Rabbit Hole Lane", user.Str("address"));
        Assert.Equal(3, user.Int("version"));
        var entries = await RawLog.EntriesAsync(fixture.Db, RawLog.UserStreamKey(id));
        Assert.Equal(["UserCreated", "EmailUpdated", "AddressUpdated"], entries.Select(e => e["type"]));
        // One atomic append: every event carries the same command id.
        Assert.Single(entries.Select(e => e["_command_id"]).Distinct());
    }

    [Fact]
    public async Task put_at_the_users_url_creates_it_and_each_change_route_answers_the_new_state_and_the_version_it_produced()
    {
        var id = UserIds.New("http-put");
        var created = await (await Http.PutAsync($"/users/{id}", new { name = "Bob" })).JsonAsync(HttpStatusCode.Created);
        var renamed = await (await Http.PutAsync($"/users/{id}/name", new { name = "Robert" })).JsonAsync();
        var emailed = await (await Http.PutAsync($"/users/{id}/email", new { email = "bob@example.com" })).JsonAsync();
        var moved = await (await Http.PutAsync($"/users/{id}/address", new { address = "2 Hill Road" })).JsonAsync();
        var deactivated = await (await Http.PostAsync($"/users/{id}/deactivate", new { reason = "left" })).JsonAsync();

        Assert.Equal([1, 2, 3, 4, 5], new[] { created, renamed, emailed, moved, deactivated }.Select(u => u.Int("version")));
        Assert.Equal("Robert", renamed.Str("name"));
        Assert.Equal("bob@example.com", emailed.Str("email"));
        Assert.Equal("2 Hill Road", moved.Str("address"));
        Assert.True(deactivated.GetProperty("deactivated").GetBoolean());
        Assert.Equal("left", deactivated.Str("deactivationReason"));
    }

    [Fact]
    public async Task the_idempotency_key_correlation_and_actor_headers_become_the_events_metadata_as_the_clis_options_do()
    {
        var id = UserIds.New("http-headers");
        var response = await Http.SendAsync(HttpMethod.Put, $"/users/{id}", new { name = "Carol", email = "carol@example.com" },
            idempotencyKey: "create-carol-1", correlationId: "corr-42", actor: "alice@admin");
        await response.JsonAsync(HttpStatusCode.Created);

        Assert.Equal("create-carol-1", response.Header("Idempotency-Key"));
        var entries = await RawLog.EntriesAsync(fixture.Db, RawLog.UserStreamKey(id));
        Assert.Equal(2, entries.Count);
        Assert.All(entries, e =>
        {
            Assert.Equal("create-carol-1", e["_command_id"]);
            Assert.Equal("corr-42", e["_correlation_id"]);
            Assert.Equal("alice@admin", e["_actor"]);
        });
    }

    [Fact]
    public async Task a_command_without_a_key_gets_one_and_the_response_names_it()
    {
        var id = UserIds.New("http-genkey");
        var response = await Http.PutAsync($"/users/{id}", new { name = "Dan" });
        await response.JsonAsync(HttpStatusCode.Created);

        var key = response.Header("Idempotency-Key");
        Assert.False(string.IsNullOrEmpty(key));
        var entries = await RawLog.EntriesAsync(fixture.Db, RawLog.UserStreamKey(id));
        Assert.Equal(key, Assert.Single(entries)["_command_id"]);
    }

    [Fact]
    public async Task the_same_idempotency_key_sent_twice_appends_one_event_and_answers_the_same_state_both_times()
    {
        var id = UserIds.New("http-idem");
        await (await Http.PutAsync($"/users/{id}", new { name = "Eve" })).JsonAsync(HttpStatusCode.Created);

        var first = await (await Http.PutAsync($"/users/{id}/name", new { name = "Eve Smith" }, idempotencyKey: "rename-eve")).JsonAsync();
        var retry = await (await Http.PutAsync($"/users/{id}/name", new { name = "Eve Smith" }, idempotencyKey: "rename-eve")).JsonAsync();
        var createRetry = await Http.PutAsync($"/users/{id}", new { name = "Eve" }, idempotencyKey: "create-eve");
        var createAgain = await Http.PutAsync($"/users/{id}", new { name = "Eve" }, idempotencyKey: "create-eve");

        Assert.Equal(2, first.Int("version"));
        Assert.Equal(2, retry.Int("version"));
        // A different key is a different command: creating again is refused, whatever key it carries.
        Assert.Equal(HttpStatusCode.Conflict, createRetry.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, createAgain.StatusCode);
        var entries = await RawLog.EntriesAsync(fixture.Db, RawLog.UserStreamKey(id));
        Assert.Equal(["UserCreated", "NameChanged"], entries.Select(e => e["type"]));
    }

    [Fact]
    public async Task a_create_retried_with_its_key_answers_201_again_and_appends_nothing()
    {
        var id = UserIds.New("http-idem-create");
        var first = await Http.PostAsync("/users", new { id, name = "Fay", email = "fay@example.com" }, idempotencyKey: "create-fay");
        var retry = await Http.PostAsync("/users", new { id, name = "Fay", email = "fay@example.com" }, idempotencyKey: "create-fay");

        Assert.Equal(2, (await first.JsonAsync(HttpStatusCode.Created)).Int("version"));
        Assert.Equal(2, (await retry.JsonAsync(HttpStatusCode.Created)).Int("version"));
        Assert.Equal(2, (await RawLog.EntriesAsync(fixture.Db, RawLog.UserStreamKey(id))).Count);
    }
}
