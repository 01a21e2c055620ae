using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using EventSourcing.Tests.Http;
using EventSourcing.Tests.Infrastructure;
using EventSourcing.Tests.Users;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventSourcing.Tests.Page;

/// <summary>The replay page at <c>/</c> in a real headless Chromium, against the API served by a silo over a private Redis.</summary>
[Collection(HttpApiCollection.Name)]
public sealed class ReplayPageTests(HttpApiFixture fixture) : IAsyncLifetime
{
    // Generous: the box is shared, and the first page load also starts the watch grain.
    private static readonly float Wait = (float)TimeSpan.FromSeconds(30).TotalMilliseconds;

    private ChromiumBrowser _chromium = null!;

    private HttpClient Http => fixture.Http;

    public async Task InitializeAsync() => _chromium = await ChromiumBrowser.LaunchAsync();

    public async Task DisposeAsync() => await _chromium.DisposeAsync();

    [Fact]
    public async Task steps_through_versions_shows_live_events_travels_to_an_instant_and_replays_from_empty()
    {
        var id = UserIds.New("page");
        await (await Http.PutAsync($"/users/{id}", new { name = "Lea" })).JsonAsync(HttpStatusCode.Created);
        var createdAt = (await (await Http.GetAsync($"/users/{id}/history")).JsonAsync()).GetProperty("events")[0].GetProperty("timestamp").GetDateTimeOffset();
        // Redis entry ids have millisecond resolution: the rename must be later than the instant jumped to.
        await Eventually.TrueAsync(async () => await RedisTimeAsync() > createdAt, TimeSpan.FromSeconds(5), "Redis clock passes the creation");
        await (await Http.PutAsync($"/users/{id}/name", new { name = "Leah" })).JsonAsync();
        await (await Http.PutAsync($"/users/{id}/address", new { address = "1 Main St" })).JsonAsync();

        // UTC, so the datetime-local input means the same instant to the page as to the test.
        await using var context = await _chromium.Browser.NewContextAsync(new BrowserNewContextOptions { TimezoneId = "UTC", ViewportSize = new ViewportSize { Width = 1400, Height = 860 } });
        context.SetDefaultTimeout(Wait);
        var page = await context.NewPageAsync();
        var failures = new List<string>();
        page.PageError += (_, error) => failures.Add(error);
        await page.GotoAsync(Http.BaseAddress!.ToString());

        await page.GetByLabel("User id").FillAsync(id);
        await page.GetByRole(AriaRole.Button, new() { Name = "Open" }).ClickAsync();
        var version = page.Locator("#version-label");
        var state = page.Locator("#state");
        await Expect(version).ToHaveTextAsync("3 / 3", new() { Timeout = Wait });
        await Expect(state).ToContainTextAsync("\"address\": \"1 Main St\"", new() { Timeout = Wait });
        await Expect(state.Locator("[data-field=address]")).ToHaveClassAsync("changed");
        await Expect(page.Locator("#log-rows tr")).ToHaveCountAsync(3);
        await Expect(page.Locator("#live-status")).ToHaveTextAsync("● live");

        await page.GetByRole(AriaRole.Button, new() { Name = "Step back one event" }).ClickAsync();
        await Expect(version).ToHaveTextAsync("2 / 3");
        await Expect(state).ToContainTextAsync("\"name\": \"Leah\"");
        await Expect(state).ToContainTextAsync("\"address\": null");
        await Expect(state.Locator("[data-field=name]")).ToHaveClassAsync("changed");
        await Expect(state.Locator("[data-field=address]")).Not.ToHaveClassAsync("changed");

        // The slider answers the keyboard.
        await page.GetByLabel("Version", new() { Exact = true }).PressAsync("ArrowLeft");
        await Expect(version).ToHaveTextAsync("1 / 3");
        await Expect(state).ToContainTextAsync("\"name\": \"Lea\"");

        await (await Http.SendAsync(HttpMethod.Put, $"/users/{id}/email", new { email = "leah@example.com" }, actor: "page-test")).JsonAsync();
        var arrived = page.Locator("#log-rows tr[data-version='4']");
        await Expect(arrived).ToContainTextAsync("EmailUpdated");
        await Expect(arrived).ToContainTextAsync("page-test");
        await Expect(arrived).ToHaveClassAsync(new Regex(@"\blive\b"));
        await Expect(version).ToHaveTextAsync("1 / 4");

        await page.GetByRole(AriaRole.Button, new() { Name = "Now" }).ClickAsync();
        await Expect(version).ToHaveTextAsync("4 / 4");
        await Expect(state).ToContainTextAsync("\"email\": \"leah@example.com\"");

        // Chromium normalises the input's value (no trailing zeros in the fraction, none at all for a
        // whole second) and Playwright checks it reads back what it filled: write it normalised.
        await page.GetByLabel("Jump to instant").FillAsync(createdAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFF", CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Jump" }).ClickAsync();
        await Expect(version).ToHaveTextAsync("1 / 4");
        await Expect(state).ToContainTextAsync("\"name\": \"Lea\"");

        await page.GetByRole(AriaRole.Button, new() { Name = "Now" }).ClickAsync();
        await Expect(version).ToHaveTextAsync("4 / 4");
        await page.GetByLabel("Speed").SelectOptionAsync("2");
        var play = page.GetByRole(AriaRole.Button, new() { Name = "Play" });
        await play.ClickAsync();
        await Expect(version).ToHaveTextAsync("0 / 4");
        await Expect(state).ToContainTextAsync("\"exists\": false");
        await Expect(page.Locator("#play")).ToHaveAttributeAsync("aria-pressed", "false", new() { Timeout = Wait });
        await Expect(version).ToHaveTextAsync("4 / 4");
        await Expect(state).ToContainTextAsync("\"email\": \"leah@example.com\"");
        await Expect(state.Locator("[data-field=email]")).ToHaveClassAsync("changed");

        // The projections catch up with the log, and the page shows it.
        await Expect(page.Locator("#model-rows tr").Filter(new() { HasText = "4 of 4" }).First).ToBeVisibleAsync(new() { Timeout = Wait });

        if (Environment.GetEnvironmentVariable("UPDATE_SCREENSHOT") == "1")
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "Select version 2" }).ClickAsync();
            await Expect(state.Locator("[data-field=name]")).ToHaveClassAsync("changed");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepositoryRoot(), "docs", "replay-page.png"), FullPage = true });
        }
        Assert.Empty(failures);
    }

    [Fact]
    public async Task a_long_log_is_drawn_as_a_window_and_fetched_only_in_the_pages_a_step_needs()
    {
        var id = UserIds.New("page-long");
        await (await Http.PutAsync($"/users/{id}", new { name = "v1" })).JsonAsync(HttpStatusCode.Created);
        for (var v = 2; v <= 160; v++)
            await (await Http.PutAsync($"/users/{id}/name", new { name = $"v{v}" })).JsonAsync();
        await using var context = await _chromium.Browser.NewContextAsync();
        context.SetDefaultTimeout(Wait);
        var page = await context.NewPageAsync();
        var historyFrom = new List<int>();
        page.Request += (_, request) =>
        {
            var match = Regex.Match(request.Url, @"/history\?from=(\d+)");
            if (match.Success) lock (historyFrom) historyFrom.Add(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));
        };

        await page.GotoAsync($"{Http.BaseAddress}#user={Uri.EscapeDataString(id)}");
        var version = page.Locator("#version-label");
        await Expect(version).ToHaveTextAsync("160 / 160");
        await Expect(page.Locator("#log-rows tr[data-version='160']")).ToContainTextAsync("name=v160");
        await page.GetByLabel("Version", new() { Exact = true }).PressAsync("Home");
        await Expect(version).ToHaveTextAsync("0 / 160");
        await Expect(page.Locator("#log-rows tr[data-version='1']")).ToContainTextAsync("UserCreated");
        await page.GetByRole(AriaRole.Button, new() { Name = "Step forward one event" }).ClickAsync();
        await Expect(page.Locator("#state")).ToContainTextAsync("\"name\": \"v1\"");

        // A window of rows, not the log. Pages of 50: the window at 160 (145-160) needed the pages
        // from 101 and 151, the one at 0 the page from 1; the page from 51 was never fetched.
        Assert.InRange(await page.Locator("#log-rows tr").CountAsync(), 1, 31);
        lock (historyFrom) Assert.Equal([1, 101, 151], historyFrom.Distinct().Order());
    }

    [Fact]
    public async Task a_user_with_ten_thousand_events_opens_and_steps_with_a_window_of_rows_and_a_few_page_fetches()
    {
        const int Events = 10_000;
        var id = UserIds.New("page-10k");
        // Appended as another program would (the contract: type, payload, _version = last + 1), in one
        // pipeline, before any grain of this user is active: the page's first request activates it on the whole log.
        var key = RawLog.UserStreamKey(id);
        var batch = fixture.Db.CreateBatch();
        var adds = Enumerable.Range(1, Events).Select(v => batch.StreamAddAsync(key, v == 1
            ? [new("type", "UserCreated"), new("id", id), new("name", "n1"), new("_version", 1)]
            : [new("type", "NameChanged"), new("id", id), new("name", $"n{v}"), new("_version", v)])).ToList();
        batch.Execute();
        await Task.WhenAll(adds);
        await using var context = await _chromium.Browser.NewContextAsync();
        context.SetDefaultTimeout(Wait);
        var page = await context.NewPageAsync();
        var historyFetches = 0;
        page.Request += (_, request) => { if (request.Url.Contains("/history?", StringComparison.Ordinal)) Interlocked.Increment(ref historyFetches); };

        await page.GotoAsync($"{Http.BaseAddress}#user={Uri.EscapeDataString(id)}");
        var version = page.Locator("#version-label");
        await Expect(version).ToHaveTextAsync($"{Events} / {Events}");
        await Expect(page.Locator($"#log-rows tr[data-version='{Events}']")).ToContainTextAsync($"name=n{Events}");
        await page.GetByLabel("Version", new() { Exact = true }).PressAsync("Home");
        await Expect(version).ToHaveTextAsync($"0 / {Events}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Step forward one event" }).ClickAsync();
        await Expect(page.Locator("#state")).ToContainTextAsync("\"name\": \"n1\"");
        await page.GetByLabel("Version", new() { Exact = true }).PressAsync("End");
        await Expect(page.Locator("#state")).ToContainTextAsync($"\"name\": \"n{Events}\"");

        Assert.InRange(await page.Locator("#log-rows tr").CountAsync(), 1, 31);
        // Ends and the start, a page or two each: never the 200 pages of the whole log.
        Assert.InRange(historyFetches, 1, 8);
    }

    [Fact]
    public async Task the_page_and_its_assets_are_served_by_the_host_with_nothing_from_elsewhere()
    {
        var html = await Http.GetStringAsync("/");
        var script = await Http.GetAsync("/page/replay.js");
        var style = await Http.GetAsync("/page/replay.css");

        Assert.Contains("<script src=\"/page/replay.js\">", html);
        Assert.Equal(("text/javascript", "text/css"), (script.Content.Headers.ContentType?.MediaType, style.Content.Headers.ContentType?.MediaType));
        var everything = html + await script.Content.ReadAsStringAsync() + await style.Content.ReadAsStringAsync();
        Assert.DoesNotMatch(new Regex(@"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}/", RegexOptions.IgnoreCase), everything);
    }

    private async Task<DateTimeOffset> RedisTimeAsync()
    {
        var parts = (StackExchange.Redis.RedisResult[])(await fixture.Db.ExecuteAsync("TIME"))!;
        return DateTimeOffset.FromUnixTimeMilliseconds((long)parts[0] * 1000 + (long)parts[1] / 1000);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Orleans.sln"))) return dir.FullName;
        throw new InvalidOperationException("Orleans.sln not found above the test folder.");
    }
}
