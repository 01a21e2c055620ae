using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace EventSourcing.Tests.Http;

/// <summary>Small helpers over HttpClient: send a command with headers, read a JSON body or a problem.</summary>
internal static class ApiCalls
{
    public static Task<HttpResponseMessage> SendAsync(this HttpClient http, HttpMethod method, string path, object? body = null,
        string? idempotencyKey = null, string? correlationId = null, string? actor = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = JsonContent.Create(body);
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        if (correlationId is not null) request.Headers.Add("X-Correlation-Id", correlationId);
        if (actor is not null) request.Headers.Add("X-Actor", actor);
        return http.SendAsync(request);
    }

    public static Task<HttpResponseMessage> PostAsync(this HttpClient http, string path, object body, string? idempotencyKey = null) =>
        http.SendAsync(HttpMethod.Post, path, body, idempotencyKey);

    public static Task<HttpResponseMessage> PutAsync(this HttpClient http, string path, object body, string? idempotencyKey = null) =>
        http.SendAsync(HttpMethod.Put, path, body, idempotencyKey);

    /// <summary>The body as JSON, after checking the status (the body is in the failure message).</summary>
    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>A problem details body (RFC 9457) with the expected status and type.</summary>
    public static async Task<JsonElement> ProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string type)
    {
        var problem = await response.JsonAsync(status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(type, problem.GetProperty("type").GetString());
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        return problem;
    }

    public static string Str(this JsonElement element, string name) => element.GetProperty(name).GetString()!;

    public static int Int(this JsonElement element, string name) => element.GetProperty(name).GetInt32();

    public static string Header(this HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : "";
}
