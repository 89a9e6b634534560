using System.Net;
using CleanEventStore.Api.FunctionalTests.Support;

namespace CleanEventStore.Api.FunctionalTests.Routing;

/// <summary>The consumer routes refuse a bad identifier (400) and another method (405).</summary>
public sealed class ConsumerRouteTests : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client;

    public ConsumerRouteTests(ApiFactory factory) => _client = factory.CreateClient();

    [Theory]
    [InlineData("PUT", "/consumers/reader%2F1/stream/orders-1")]
    [InlineData("GET", "/consumers/reader%2F1")]
    [InlineData("GET", "/consumers/reader%2F1/after/1")]
    [InlineData("DELETE", "/consumers/reader%2F1")]
    [InlineData("GET", "/consumers/bad.name")]
    public async Task Routes_BadIdentifier_Return400(string method, string url)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method == "PUT")
        {
            request.Content = new StringContent(ConsumerApi.Body(ConsumerApi.Counter), System.Text.Encoding.UTF8, "application/json");
        }

        var response = await _client.SendAsync(request);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "identifier may only contain letters, numbers, \"-\" and \"_\".");
    }

    [Fact]
    public async Task WrongMethod_OnAConsumerRoute_Returns405()
    {
        var response = await _client.PostJsonAsync("/consumers/someone", "{}");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }
}
