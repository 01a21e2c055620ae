using System.Net;
using System.Text;
using EventSourcing.Tests.Http;
using EventSourcing.Tests.Infrastructure;

namespace EventSourcing.Tests.Security;

/// <summary>The same id rules through the HTTP API: key-like ids work in their own stream, bad ones are a 400 (or 404/414), never a 5xx.</summary>
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

        var response = await fixture.Http.PostAsync("/users", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task a_body_that_is_not_utf8_is_a_400()
    {
        var body = new ByteArrayContent([.. "{\"id\":\"bad"u8, 0xFF, 0xFE, .. "\",\"name\":\"X\"}"u8]);
        body.Headers.ContentType = new("application/json");

        var response = await fixture.Http.PostAsync("/users", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("/users/bad%FF%FEid/name")]
    [InlineData("/users/line%0Abreak/name")]
    [InlineData("/users/lone%ED%A0%80surrogate/name")]
    public async Task a_bad_id_in_a_path_is_refused_and_writes_nothing(string path)
    {
        var response = await fixture.Http.PutAsync(path, new { name = "X" });

        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public async Task an_id_of_10_kb_in_a_path_is_refused_without_a_server_error()
    {
        var response = await fixture.Http.PutAsync("/users/" + new string('k', 10 * 1024) + "/name", new { name = "X" });

        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{(int)response.StatusCode}");
    }
}
