using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CleanEventStore.Api.FunctionalTests.Support;

public static class HttpExtensions
{
    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, string json, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient client, string url, string json) =>
        client.PutAsync(url, new StringContent(json, Encoding.UTF8, "application/json"));

    /// <summary>Commits events to a stream and asserts 201.</summary>
    public static async Task<JsonObject> CommitAsync(this HttpClient client, string stream, params string[] events)
    {
        var response = await client.PostJsonAsync($"/streams/{stream}/commit", $"{{\"events\":[{string.Join(',', events)}]}}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"commit to {stream}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    public static async Task<JsonObject> JsonAsync(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    /// <summary>The NDJSON lines of a response, each parsed (asserts the framing: every line ends with a newline).</summary>
    public static async Task<List<JsonObject>> LinesAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (text.Length == 0)
        {
            return [];
        }

        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        return [.. text[..^1].Split('\n').Select(line => JsonNode.Parse(line)!.AsObject())];
    }

    public static async Task<List<JsonObject>> ReadLinesAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.LinesAsync();
    }

    public static List<string?> Field(this IEnumerable<JsonObject> lines, string path)
    {
        return [.. lines.Select(line =>
        {
            JsonNode? node = line;
            foreach (var part in path.Split('.'))
            {
                node = node?[part];
            }

            return node?.ToString();
        })];
    }

    /// <summary>Asserts an RFC 9457 problem with the given status and <c>error</c> text; returns the body.</summary>
    public static async Task<JsonObject> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string? error = null, bool exact = true)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(body)!.AsObject();
        Assert.Equal((int)status, problem["status"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(problem["type"]?.GetValue<string>()));
        Assert.False(string.IsNullOrEmpty(problem["title"]?.GetValue<string>()));
        Assert.Equal(problem["detail"]?.GetValue<string>(), problem["error"]?.GetValue<string>());
        if (error is not null)
        {
            var actual = problem["error"]!.GetValue<string>();
            if (exact)
            {
                Assert.Equal(error, actual);
            }
            else
            {
                Assert.Contains(error, actual, StringComparison.Ordinal);
            }
        }

        return problem;
    }

    public static MediaTypeHeaderValue? ContentType(this HttpResponseMessage response) => response.Content.Headers.ContentType;

    public static string Header(this HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : string.Empty;

    public static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
