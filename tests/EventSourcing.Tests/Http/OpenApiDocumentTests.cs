using System.Text.Json;

namespace EventSourcing.Tests.Http;

[Collection(HttpApiCollection.Name)]
public sealed class OpenApiDocumentTests(HttpApiFixture fixture)
{
    [Fact]
    public async Task the_openapi_document_parses_and_lists_every_route_with_its_problem_answers()
    {
        var document = await (await fixture.Http.GetAsync("/openapi/v1.json")).JsonAsync();

        Assert.StartsWith("3.", document.Str("openapi"));
        Assert.Equal("Users API", document.GetProperty("info").Str("title"));
        var paths = document.GetProperty("paths");
        var operations = paths.EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(m => $"{m.Name.ToUpperInvariant()} {p.Name}"))
            .ToHashSet();
        string[] expected =
        [
            "POST /users", "PUT /users/{id}", "PUT /users/{id}/name", "PUT /users/{id}/email", "PUT /users/{id}/address",
            "POST /users/{id}/deactivate", "GET /users/{id}", "GET /users/{id}/history", "GET /users/{id}/read-models", "GET /users/{id}/events/live",
            "GET /read/users/{id}", "GET /read/users", "GET /read/users/search", "GET /projections/status",
        ];
        Assert.Equal(expected.Order(), operations.Order());
        var create = paths.GetProperty("/users").GetProperty("post");
        Assert.True(create.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
        foreach (var status in new[] { "201", "400", "409", "503" })
            Assert.True(create.GetProperty("responses").TryGetProperty(status, out _), $"POST /users documents {status}");
        var parameters = paths.GetProperty("/users/{id}").GetProperty("get").GetProperty("parameters").EnumerateArray().Select(p => p.Str("name"));
        Assert.Superset(new HashSet<string> { "id", "version", "asOf" }, parameters.ToHashSet());
        Assert.Equal(JsonValueKind.Object, document.GetProperty("components").GetProperty("schemas").ValueKind);
    }
}
