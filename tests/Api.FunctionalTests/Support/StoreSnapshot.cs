using System.Net;

namespace CleanEventStore.Api.FunctionalTests.Support;

/// <summary>
/// What a refused request must leave unchanged: the length of the log and the stream list (names, kinds, versions,
/// closed flags). Tests of one class run one after the other, so a snapshot taken around a request sees only it.
/// </summary>
public sealed record StoreSnapshot(string AllVersion, string Streams)
{
    public static async Task<StoreSnapshot> TakeAsync(HttpClient client)
    {
        var version = await client.GetAsync("/streams/_all/version");
        var streams = await client.GetAsync("/streams");
        Assert.Equal(HttpStatusCode.OK, version.StatusCode);
        Assert.Equal(HttpStatusCode.OK, streams.StatusCode);
        return new StoreSnapshot(await version.Content.ReadAsStringAsync(), await streams.Content.ReadAsStringAsync());
    }

    /// <summary>Asserts that nothing changed since <paramref name="before"/>.</summary>
    public static async Task AssertUnchangedAsync(HttpClient client, StoreSnapshot before) =>
        Assert.Equal(before, await TakeAsync(client));
}
