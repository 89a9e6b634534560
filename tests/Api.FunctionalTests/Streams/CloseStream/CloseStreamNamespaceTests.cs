using System.Net;
using CleanEventStore.Api.FunctionalTests.Support;

namespace CleanEventStore.Api.FunctionalTests.Streams.CloseStream;

/// <summary>Derived streams are read-only views: closing a type stream is refused and it stays open.</summary>
public sealed class CloseStreamNamespaceTests : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client;

    public CloseStreamNamespaceTests(ApiFactory factory) => _client = factory.CreateClient();

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    [Fact]
    public async Task Close_ATypeStream_Is409AndItStaysOpen()
    {
        var type = Unique("Shipped");
        await _client.CommitAsync(Unique("orders"), $"{{\"type\":\"{type}\"}}");

        var response = await _client.PostAsync($"/streams/{type}/close", null);

        await response.AssertProblemAsync(HttpStatusCode.Conflict, $"Stream \"{type}\" is a type stream: only write streams can be closed.");
        var list = await (await _client.GetAsync("/streams")).JsonAsync();
        var entry = list["streams"]!.AsArray().Single(s => s!["stream"]!.GetValue<string>() == type)!;
        Assert.False(entry["closed"]!.GetValue<bool>());
    }
}
