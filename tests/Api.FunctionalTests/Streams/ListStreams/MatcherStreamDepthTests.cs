using System.Net;
using CleanEventStore.Api.FunctionalTests.Support;

namespace CleanEventStore.Api.FunctionalTests.Streams.ListStreams;

/// <summary>
/// A matcher stream whose matcher nests as deep as the matcher parser allows (64 levels) is listed by
/// <c>GET /streams</c>, where it sits four levels deeper still: the list once failed with a 500 for every caller from
/// then on, since the serializer's default depth limit (64) counts the envelope too. Found by the hostile input suite.
/// </summary>
public sealed class MatcherStreamDepthTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    /// <summary>A matcher of <paramref name="depth"/> nested objects: <c>{"payload":{"a":…{"n":1}…}}</c>.</summary>
    private static string Matcher(int depth) =>
        "{\"payload\":" + string.Concat(Enumerable.Repeat("{\"a\":", depth - 2)) + "{\"n\":1}" + new string('}', depth - 2) + "}";

    [Fact]
    public async Task MatcherAtTheDepthLimit_IsCreated_AndTheStreamListStillAnswers()
    {
        var stream = $"deep-{Guid.NewGuid():N}";

        var created = await _client.PutJsonAsync($"/streams/{stream}", Matcher(64));
        var tooDeep = await _client.PutJsonAsync($"/streams/{stream}-2", Matcher(65));
        var list = await _client.GetAsync("/streams");
        var body = await list.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        await tooDeep.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(list.StatusCode == HttpStatusCode.OK, body);
        Assert.Contains($"{{\"stream\":\"{stream}\",\"closed\":false,\"version\":0,\"metadata\":{{\"kind\":\"derived\",\"matcher\":{Matcher(64)}}}}}", body, StringComparison.Ordinal);
    }
}
