using System.Net;
using System.Text.Json;
using EventSourcing.Tests.Infrastructure;
using EventSourcing.Tests.Users;
using Grains.Interfaces;

namespace EventSourcing.Tests.Http;

/// <summary><c>GET /users/{id}/events/live</c> over real HTTP: server-sent events from the watch grain.</summary>
[Collection(HttpApiCollection.Name)]
public sealed class LiveEventsRouteTests(HttpApiFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private HttpClient Http => fixture.Http;

    [Fact]
    public async Task an_event_appended_after_connecting_arrives_on_the_open_stream()
    {
        var id = UserIds.New("http-live");
        await (await Http.PutAsync($"/users/{id}", new { name = "Ada" })).JsonAsync(HttpStatusCode.Created);
        using var deadline = new CancellationTokenSource(Deadline);

        using var response = await Http.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/users/{id}/events/live?afterVersion=1"),
            HttpCompletionOption.ResponseHeadersRead, deadline.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = new SseReader(await response.Content.ReadAsStreamAsync(deadline.Token));
        var ready = await events.NextAsync(deadline.Token);
        Assert.Equal(("ready", 1), (ready.Type, JsonDocument.Parse(ready.Data).RootElement.Int("after")));

        await (await Http.SendAsync(HttpMethod.Put, $"/users/{id}/name", new { name = "Ada L." }, actor: "live-test")).JsonAsync();
        var renamed = await events.NextAsync(deadline.Token);

        var item = JsonDocument.Parse(renamed.Data).RootElement;
        Assert.Equal("2", renamed.Id);
        Assert.Equal(("Event", 2, "NameChanged"), (item.Str("kind"), item.Int("version"), item.Str("type")));
        Assert.Equal("Ada L.", item.GetProperty("payload").Str("name"));
        Assert.Equal("live-test", item.GetProperty("metadata").Str("actor"));
    }

    [Fact]
    public async Task after_version_zero_first_replays_the_log_and_a_reconnect_resumes_after_its_last_event_id()
    {
        var id = UserIds.New("http-live-replay");
        await (await Http.PutAsync($"/users/{id}", new { name = "Bo" })).JsonAsync(HttpStatusCode.Created);
        await (await Http.PutAsync($"/users/{id}/email", new { email = "bo@example.com" })).JsonAsync();
        await (await Http.PutAsync($"/users/{id}/name", new { name = "Bob" })).JsonAsync();
        using var deadline = new CancellationTokenSource(Deadline);

        using (var whole = await Http.GetAsync($"/users/{id}/events/live?afterVersion=0", HttpCompletionOption.ResponseHeadersRead, deadline.Token))
        {
            var events = new SseReader(await whole.Content.ReadAsStreamAsync(deadline.Token));
            Assert.Equal("ready", (await events.NextAsync(deadline.Token)).Type);
            var ids = new List<string?>();
            for (var i = 0; i < 3; i++) ids.Add((await events.NextAsync(deadline.Token)).Id);
            Assert.Equal(["1", "2", "3"], ids);
        }

        // An EventSource reconnects to the same URL with Last-Event-ID: that, not ?afterVersion=, says where to resume.
        var resume = new HttpRequestMessage(HttpMethod.Get, $"/users/{id}/events/live?afterVersion=0");
        resume.Headers.Add("Last-Event-ID", "2");
        using var resumed = await Http.SendAsync(resume, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
        var rest = new SseReader(await resumed.Content.ReadAsStreamAsync(deadline.Token));
        Assert.Equal(2, JsonDocument.Parse((await rest.NextAsync(deadline.Token)).Data).RootElement.Int("after"));
        var third = JsonDocument.Parse((await rest.NextAsync(deadline.Token)).Data).RootElement;
        Assert.Equal(("NameChanged", 3), (third.Str("type"), third.Int("version")));
    }

    [Fact]
    public async Task closing_the_connection_stops_the_watch_instead_of_waiting_for_its_lease()
    {
        var id = UserIds.New("http-live-close");
        await (await Http.PutAsync($"/users/{id}", new { name = "Cy" })).JsonAsync(HttpStatusCode.Created);
        var watch = fixture.Cluster.Client.GetGrain<IUserWatchGrain>(id);
        using var deadline = new CancellationTokenSource(Deadline);

        var response = await Http.GetAsync($"/users/{id}/events/live", HttpCompletionOption.ResponseHeadersRead, deadline.Token);
        var events = new SseReader(await response.Content.ReadAsStreamAsync(deadline.Token));
        Assert.Equal("ready", (await events.NextAsync(deadline.Token)).Type);
        Assert.Equal(1, (await watch.GetStatus()).Watches);
        response.Dispose();

        // Well inside the 30 s lease: only the server noticing the disconnect ends the watch this soon.
        await Eventually.TrueAsync(async () => (await watch.GetStatus()).Watches == 0, TimeSpan.FromSeconds(10), "the watch stops when its client goes away");
    }

    [Fact]
    public async Task an_unknown_user_is_a_404_problem_not_an_empty_stream()
    {
        var response = await Http.GetAsync($"/users/{UserIds.New("http-live-none")}/events/live");
        await response.ProblemAsync(HttpStatusCode.NotFound, "/problems/user-not-found");
    }
}
