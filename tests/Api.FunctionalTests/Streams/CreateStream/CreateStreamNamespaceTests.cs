using System.Net;
using CleanEventStore.Api.FunctionalTests.Support;

namespace CleanEventStore.Api.FunctionalTests.Streams.CreateStream;

/// <summary><c>PUT /streams/{stream}</c> under the tag or a reserved namespace is refused and creates nothing.</summary>
public sealed class CreateStreamNamespaceTests : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client;

    public CreateStreamNamespaceTests(ApiFactory factory) => _client = factory.CreateClient();

    [Fact]
    public async Task Put_UnderTagsOrReserved_Is400AndCreatesNothing()
    {
        foreach (var name in new[] { "tags/forged", "join" })
        {
            var before = await StoreSnapshot.TakeAsync(_client);

            var response = await _client.PutJsonAsync($"/streams/{name}", "{\"payload\":{\"type\":\"A\"}}");

            await response.AssertProblemAsync(HttpStatusCode.BadRequest);
            await StoreSnapshot.AssertUnchangedAsync(_client, before);
        }
    }
}
