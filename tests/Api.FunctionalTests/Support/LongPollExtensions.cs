using CleanEventStore.Application.Common.Waiting;
using Microsoft.Extensions.DependencyInjection;

namespace CleanEventStore.Api.FunctionalTests.Support;

/// <summary>
/// Starts a request that waits on the server (a stream, join or category long-poll, or a consumer's <c>after/n</c>)
/// and returns it, still in flight, once the server counts it as an open wait (<see cref="LongPolls.Open"/>). What the
/// test does next (a commit, a delete) then happens while the request waits, so the test exercises the wake-up, not
/// an answer computed before the wait began, and guesses no time for the request to get there.
/// </summary>
public static class LongPollExtensions
{
    /// <summary>GETs <paramref name="url"/> with <paramref name="client"/> (a client of <paramref name="factory"/>) and returns once the server waits on it.</summary>
    /// <remarks>
    /// First waits until no wait is open: within one factory the tests run one after another, and a wait left by an
    /// earlier test (whose client went away) ends on its own, soon. If the request is answered before it waits (a
    /// bug, or an error), it is returned at once, for the test to assert on.
    /// </remarks>
    public static async Task<Task<HttpResponseMessage>> StartLongPollAsync(this ApiFactory factory, HttpClient client, string url)
    {
        var waits = factory.Services.GetRequiredService<LongPolls>();
        await Eventually.UntilAsync(() => waits.Open == 0, "the waits of earlier requests to end");

        var request = client.GetAsync(url);
        await Eventually.UntilAsync(() => waits.Open > 0 || request.IsCompleted, $"GET {url} to wait on the server");
        return request;
    }
}
