using System.Net;
using CleanEventStore.Api.FunctionalTests.Support;

namespace CleanEventStore.Api.FunctionalTests.Routing;

/// <summary>Another method on a known route is 405 with <c>Allow</c>; an unknown route is 404.</summary>
public sealed class RouteMethodTests : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client;

    public RouteMethodTests(ApiFactory factory) => _client = factory.CreateClient();

    [Fact]
    public async Task WrongMethod_OnAKnownRoute_Is405_AndUnknownRoutesAre404()
    {
        var delete = await _client.DeleteAsync("/streams/anything");
        var post = await _client.PostAsync("/streams/anything", null);
        var unknown = await _client.GetAsync("/nothing/here");

        await delete.AssertProblemAsync(HttpStatusCode.MethodNotAllowed);
        Assert.NotEmpty(delete.Content.Headers.Allow);
        await post.AssertProblemAsync(HttpStatusCode.MethodNotAllowed);
        Assert.Contains("GET", post.Content.Headers.Allow);
        await unknown.AssertProblemAsync(HttpStatusCode.NotFound, "Unknown route.");
    }
}
