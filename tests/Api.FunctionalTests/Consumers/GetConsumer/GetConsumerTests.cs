using System.Net;
using CleanEventStore.Api.FunctionalTests.Support;

namespace CleanEventStore.Api.FunctionalTests.Consumers.GetConsumer;

/// <summary><c>GET /consumers/{name}</c>.</summary>
public sealed class GetConsumerTests : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client;

    public GetConsumerTests(ApiFactory factory) => _client = factory.CreateClient();

    [Fact]
    public async Task Get_UnknownConsumer_Returns404()
    {
        var response = await _client.GetAsync("/consumers/missing-consumer");

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "Consumer \"missing-consumer\" does not exist.");
    }
}
