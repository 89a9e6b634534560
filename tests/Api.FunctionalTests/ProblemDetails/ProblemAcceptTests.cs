using System.Net;
using CleanEventStore.Api.FunctionalTests.Support;

namespace CleanEventStore.Api.FunctionalTests.ProblemDetails;

/// <summary>
/// An error is a problem whatever the client accepts: an <c>Accept</c> header that rules out JSON (a browser's
/// <c>text/html</c>, <c>image/png</c>, <c>text/plain;q=0</c>) still gets the problem as <c>application/problem+json</c>,
/// never a 500 without a body (the problem-details service finds no writer for such a header). Found by the hostile
/// input suite.
/// </summary>
public sealed class ProblemAcceptTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    public static TheoryData<string> Accepts => new() { "text/html", "image/png", "text/plain;q=0", "application/xml", "application/x-ndjson" };

    [Theory]
    [MemberData(nameof(Accepts))]
    public async Task Errors_AreProblems_WhateverTheAcceptHeaderSays(string accept)
    {
        var cases = new (HttpMethod Method, string Url, string? MediaType, string? Body, HttpStatusCode Status)[]
        {
            (HttpMethod.Get, "/no-such-route", null, null, HttpStatusCode.NotFound),
            (HttpMethod.Delete, "/streams/orders-1", null, null, HttpStatusCode.MethodNotAllowed),
            (HttpMethod.Get, $"/streams/missing-{Guid.NewGuid():N}", null, null, HttpStatusCode.NotFound),
            (HttpMethod.Get, "/streams/_all?filter=%7B%7D&filter=%7B%7D", null, null, HttpStatusCode.BadRequest),
            (HttpMethod.Post, "/streams/orders-1/commit", "text/plain", "{}", HttpStatusCode.UnsupportedMediaType),
            (HttpMethod.Post, "/streams/orders-1/commit", "application/json", "{\"events\":[]}", HttpStatusCode.BadRequest),
        };

        foreach (var (method, url, mediaType, body, status) in cases)
        {
            using var request = new HttpRequestMessage(method, url);
            request.Headers.TryAddWithoutValidation("Accept", accept);
            if (body is not null)
            {
                request.Content = new StringContent(body, System.Text.Encoding.UTF8, mediaType!);
            }

            var response = await _client.SendAsync(request);

            var problem = await response.AssertProblemAsync(status);
            Assert.False(string.IsNullOrEmpty(problem["error"]?.GetValue<string>()), $"{method} {url}: no error");
            Assert.False(string.IsNullOrEmpty(problem["traceId"]?.GetValue<string>()), $"{method} {url}: no traceId");
            Assert.Equal(new Uri(url, UriKind.Relative).OriginalString.Split('?')[0], problem["instance"]?.GetValue<string>());
        }
    }
}
