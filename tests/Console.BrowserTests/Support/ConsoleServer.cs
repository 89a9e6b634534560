using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using CleanEventStore.Api.FunctionalTests.Support;

namespace CleanEventStore.Console.BrowserTests.Support;

/// <summary>HTTP helpers for the data the browser tests look at, sent to the real server beside the browser.</summary>
public static class ConsoleServer
{
    public static async Task<HttpResponseMessage> CommitAsync(this HttpClient client, string stream, string events, string? extra = null)
    {
        using var content = new StringContent($"{{\"events\":{events}{(extra is null ? "" : "," + extra)}}}", Encoding.UTF8, "application/json");
        var response = await client.PostAsync(new Uri($"streams/{stream}/commit", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return response;
    }

    public static async Task PutConsumerAsync(this HttpClient client, string identifier, string stream, string handler)
    {
        var body = new JsonObject { ["handler"] = handler, ["state"] = new JsonObject() };
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        var response = await client.PutAsync(new Uri($"consumers/{identifier}/stream/{stream}", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    public static Task UntilConsumerAsync(this HttpClient client, string identifier, string status, long position) =>
        Eventually.UntilAsync(
            async () =>
            {
                var consumer = await client.GetFromJsonAsync<JsonObject>(new Uri($"consumers/{identifier}", UriKind.Relative));
                return (string?)consumer!["status"] == status && (long)consumer["position"]! >= position;
            },
            $"consumer {identifier} {status} at {position}",
            deadline: Chromium.Deadline);
}
