using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CleanEventStore.Api.FunctionalTests.Support;

/// <summary>Helpers for the consumer routes.</summary>
public static class ConsumerApi
{
    public const string Counter = "(event, state) => ({ count: (state.count || 0) + 1 })";

    public static string Body(string handler, string? state = null) =>
        state is null
            ? $"{{\"handler\":{JsonSerializer.Serialize(handler)}}}"
            : $"{{\"handler\":{JsonSerializer.Serialize(handler)},\"state\":{state}}}";

    public static Task<HttpResponseMessage> PutConsumerAsync(this HttpClient client, string path, string handler, string? state = null) =>
        client.PutJsonAsync("/consumers/" + path, Body(handler, state));

    /// <summary>PUTs a consumer and asserts the status; returns the body.</summary>
    public static async Task<JsonObject> StartConsumerAsync(this HttpClient client, string path, string handler, string? state = null, HttpStatusCode expected = HttpStatusCode.Created)
    {
        var response = await client.PutConsumerAsync(path, handler, state);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"PUT /consumers/{path}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    /// <summary>
    /// Waits (long-poll) until the consumer reached <paramref name="version"/> and returns it. A 408 (a factory with
    /// short poll timeouts) asks again, until <see cref="Eventually.Deadline"/>.
    /// </summary>
    public static async Task<JsonObject> AfterAsync(this HttpClient client, string identifier, long version)
    {
        var elapsed = Stopwatch.StartNew();
        while (true)
        {
            var response = await client.GetAsync($"/consumers/{identifier}/after/{version}");
            if (response.StatusCode == HttpStatusCode.RequestTimeout && elapsed.Elapsed < Eventually.Deadline)
            {
                continue;
            }

            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"after/{version}: {(int)response.StatusCode} {body}");
            return JsonNode.Parse(body)!.AsObject();
        }
    }

    /// <summary>Polls GET until the consumer is faulted (at most <see cref="Eventually.Deadline"/>) and returns it.</summary>
    public static async Task<JsonObject> FaultedAsync(this HttpClient client, string identifier)
    {
        JsonObject? consumer = null;
        await Eventually.UntilAsync(
            async () =>
            {
                consumer = await (await client.GetAsync($"/consumers/{identifier}")).JsonAsync();
                return consumer["status"]?.GetValue<string>() == "faulted";
            },
            $"consumer {identifier} to fault",
            interval: TimeSpan.FromMilliseconds(10));
        return consumer!;
    }
}
