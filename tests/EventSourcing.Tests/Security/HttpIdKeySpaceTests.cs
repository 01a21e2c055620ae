using System.Net;
using System.Text;
using EventSourcing.Tests.Http;
using EventSourcing.Tests.Infrastructure;

namespace EventSourcing.Tests.Security;

/// <summary>
/// The same id rules through the HTTP API: key-like ids work in their own stream; bad ones are a 400
/// (a path too long for the server, a 414), never a 5xx, and write nothing to Redis.
/// </summary>
[Collection(HttpApiCollection.Name)]
public sealed class HttpIdKeySpaceTests(HttpApiFixture fixture)
{
    [Fact]
    public async Task an_id_with_braces_and_colons_is_created_in_its_own_stream()
    {
        var id = "{p02}:x:" + Guid.NewGuid().ToString("N")[..8];

        var response = await fixture.Http.PostAsync("/users", new { id, name = "Braces" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(id, Assert.Single(await RawLog.EntriesAsync(fixture.Db, RawLog.UserStreamKey(id)))["id"]);
    }

    [Theory]
    [InlineData(@"line\nbreak")]
    [InlineData(@"lone\ud800surrogate")]
    [InlineData(@"replacement\ufffdchar")]
    [InlineData(null)]
    public async Task a_bad_id_in_a_body_is_a_400_problem(string? jsonId)
    {
        // Raw JSON: the serializer would refuse to write a lone surrogate, a client of another language need not.
        var body = new StringContent($"{{\"id\":\"{jsonId ?? new string('k', 10 * 1024)}\",\"name\":\"X\"}}", Encoding.UTF8, "application/json");

        var response = await WritingNothingAsync(() => fixture.Http.PostAsync("/users", body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task a_body_that_is_not_utf8_is_a_400()
    {
        var body = new ByteArrayContent([.. "{\"id\":\"bad"u8, 0xFF, 0xFE, .. "\",\"name\":\"X\"}"u8]);
        body.Headers.ContentType = new("application/json");

        var response = await WritingNothingAsync(() => fixture.Http.PostAsync("/users", body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("/users/bad%FF%FEid/name", HttpStatusCode.BadRequest)]
    [InlineData("/users/line%0Abreak/name", HttpStatusCode.BadRequest)]
    [InlineData("/users/lone%ED%A0%80surrogate/name", HttpStatusCode.BadRequest)]
    public async Task a_bad_id_in_a_path_is_refused_and_writes_nothing(string path, HttpStatusCode expected)
    {
        var response = await WritingNothingAsync(() => fixture.Http.PutAsync(path, new { name = "X" }));

        var problem = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {problem}");
        Assert.Contains("\"code\":\"InvalidUserId\"", problem);
    }

    [Fact]
    public async Task a_percent_sign_escaped_in_a_path_is_part_of_the_id()
    {
        var id = "pct%FF" + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(HttpStatusCode.Created, (await fixture.Http.PostAsync("/users", new { id, name = "Percent" })).StatusCode);

        var response = await fixture.Http.PutAsync($"/users/{Uri.EscapeDataString(id)}/name", new { name = "Per Cent" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, (await RawLog.EntriesAsync(fixture.Db, RawLog.UserStreamKey(id))).Count);
    }

    [Fact]
    public async Task an_id_of_10_kb_in_a_path_is_refused_without_a_server_error()
    {
        var response = await WritingNothingAsync(() => fixture.Http.PutAsync("/users/" + new string('k', 10 * 1024) + "/name", new { name = "X" }));

        Assert.True(response.StatusCode == HttpStatusCode.RequestUriTooLong, $"{(int)response.StatusCode}");
    }

    /// <summary>
    /// Sends a request that must be refused, and checks Redis got nothing from it: no key appeared
    /// outside the read model (whose rows earlier tests' users may still be getting), no partition
    /// feed grew (every append adds to one).
    /// </summary>
    private async Task<HttpResponseMessage> WritingNothingAsync(Func<Task<HttpResponseMessage>> request)
    {
        var (keysBefore, feedsBefore) = (await KeysAsync(), await FeedLengthsAsync());

        var response = await request();

        var appeared = (await KeysAsync()).Except(keysBefore).Where(k => !k.StartsWith("rm:", StringComparison.Ordinal)).ToList();
        Assert.True(appeared.Count == 0, $"keys written by a refused request: {string.Join(", ", appeared)}");
        Assert.Equal(feedsBefore, await FeedLengthsAsync());
        return response;
    }

    private async Task<HashSet<string>> KeysAsync()
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var key in fixture.Multiplexer.GetServers()[0].KeysAsync(pattern: "*")) keys.Add(key.ToString());
        return keys;
    }

    private async Task<long[]> FeedLengthsAsync() =>
        await Task.WhenAll(Enumerable.Range(0, 16).Select(p => fixture.Db.StreamLengthAsync($"es:{{p{p:D2}}}:feed")));
}
