using System.Net;
using System.Text;

namespace CleanEventStore.Api.FunctionalTests.Security;

/// <summary>
/// One route of the API for the access matrix: the role whose scopes allow it, the status it answers then, what an
/// administrator sets up first (with <c>{id}</c> unique per run) and the request.
/// </summary>
public sealed record RouteCase(
    string Name,
    string Role,
    HttpStatusCode Success,
    Func<HttpClient, string, Task> Setup,
    Func<string, HttpRequestMessage> Request)
{
    private const string Commit = "{\"events\":[{\"type\":\"OrderPlaced\"}]}";

    public static readonly IReadOnlyList<RouteCase> All =
    [
        new("commit", "writer", HttpStatusCode.Created, None, id => Post($"/streams/orders-{id}/commit", Commit)),
        new("commit with a DCB condition", "decider", HttpStatusCode.Created, None, id => Post(
            $"/streams/orders-{id}/commit",
            $"{{\"events\":[{{\"type\":\"OrderPlaced\"}}],\"condition\":{{\"selector\":[\"Never{id}\"],\"noneMatchAfter\":0}}}}")),
        new("read a stream", "reader", HttpStatusCode.OK, Seed, id => Get($"/streams/orders-{id}")),
        new("version of a stream", "reader", HttpStatusCode.OK, Seed, id => Get($"/streams/orders-{id}/version")),
        new("read _all", "querier", HttpStatusCode.OK, Seed, _ => Get("/streams/_all/backwards/1")),
        new("version of _all", "querier", HttpStatusCode.OK, None, _ => Get("/streams/_all/version")),
        new("read a type stream", "querier", HttpStatusCode.OK, Seed, id => Get($"/streams/Placed{id}")),
        new("list streams", "querier", HttpStatusCode.OK, None, _ => Get("/streams")),
        new("close a stream", "admin", HttpStatusCode.OK, Seed, id => Post($"/streams/orders-{id}/close", null)),
        new("create a matcher stream", "admin", HttpStatusCode.Created, None, id => Put($"/streams/matched-{id}", "{\"payload\":{\"type\":\"OrderPlaced\"}}")),
        new("join", "reader", HttpStatusCode.OK, Seed, id => Get($"/streams/join?streams=orders-{id},orders-{id}-b")),
        new("category", "reader", HttpStatusCode.OK, Seed, _ => Get("/streams/category/orders/backwards/1")),
        new("DCB query", "querier", HttpStatusCode.OK, Seed, id => Get($"/query?types=Placed{id}")),
        new("DCB query by POST", "querier", HttpStatusCode.OK, Seed, id => Post("/query", $"{{\"items\":[{{\"types\":[\"Placed{id}\"]}}]}}")),
        new("start a consumer", "consumer", HttpStatusCode.Created, Seed, id => Put($"/consumers/c{id}/stream/orders-{id}", ConsumerBody)),
        new("read a consumer", "consumer", HttpStatusCode.OK, SeedConsumer, id => Get($"/consumers/c{id}")),
        new("wait for a consumer", "consumer", HttpStatusCode.OK, SeedConsumer, id => Get($"/consumers/c{id}/after/1")),
        new("list consumers", "lister", HttpStatusCode.OK, None, _ => Get("/consumers")),
        new("delete a consumer", "consumer", HttpStatusCode.NoContent, SeedConsumer, id => new HttpRequestMessage(HttpMethod.Delete, $"/consumers/c{id}")),
        new("storage statistics", "admin", HttpStatusCode.OK, None, _ => Get("/health/stats")),
        new("online backup", "admin", HttpStatusCode.OK, None, _ => Get("/admin/backup")),
    ];

    private static string ConsumerBody => "{\"handler\":\"(event, state) => ({ n: (state.n || 0) + 1 })\"}";

    public override string ToString() => Name;

    private static Task None(HttpClient admin, string id) => Task.CompletedTask;

    private static async Task Seed(HttpClient admin, string id)
    {
        var response = await admin.SendAsync(Post($"/streams/orders-{id}/commit", $"{{\"events\":[{{\"type\":\"Placed{id}\"}}]}}"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private static async Task SeedConsumer(HttpClient admin, string id)
    {
        await Seed(admin, id);
        var created = await admin.SendAsync(Put($"/consumers/c{id}/stream/orders-{id}", ConsumerBody));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var reached = await admin.GetAsync($"/consumers/c{id}/after/1");
        Assert.Equal(HttpStatusCode.OK, reached.StatusCode);
    }

    private static HttpRequestMessage Get(string path) => new(HttpMethod.Get, path);

    private static HttpRequestMessage Post(string path, string? json) =>
        new(HttpMethod.Post, path) { Content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json") };

    private static HttpRequestMessage Put(string path, string json) =>
        new(HttpMethod.Put, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
}
