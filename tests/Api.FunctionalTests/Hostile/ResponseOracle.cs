using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using CleanEventStore.Api.FunctionalTests.Support;
using Xunit.Sdk;

namespace CleanEventStore.Api.FunctionalTests.Hostile;

/// <summary>
/// What every answer must be, whatever was asked: a 2xx, or a 4xx with an RFC 9457 problem (the rules of
/// <c>HttpExtensions.AssertProblemAsync</c>, plus a non-empty <c>error</c>). Never a 5xx, a redirect or an
/// answer without a status. (That a refusal writes nothing, and that the answer comes in time, the runner checks.)
/// </summary>
public static class ResponseOracle
{
    /// <summary>Null when <paramref name="response"/> is an acceptable answer to <paramref name="request"/>, else what is wrong with it.</summary>
    public static async Task<string?> CheckAsync(FuzzRequest request, HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        if (status >= 500)
        {
            return $"answered {status}: client input must never get a 5xx";
        }

        if (status is < 200 or (>= 300 and < 400))
        {
            return $"answered {status}: the API answers 2xx or 4xx";
        }

        if (IsKestrelRejection(request, response))
        {
            // Refused by the server's HTTP parser before the application saw it: Kestrel answers a bare 400 and closes
            // the connection, and offers no hook to give that answer a problem body.
            return null;
        }

        if (status < 400)
        {
            return null;
        }

        if (request.Method == "HEAD")
        {
            // A HEAD answer has no body by definition; its headers still announce the problem.
            return response.Content.Headers.ContentType?.MediaType == "application/problem+json"
                ? null
                : $"the {status} to HEAD announces {response.Content.Headers.ContentType?.MediaType ?? "no media type"}, not application/problem+json";
        }

        try
        {
            var problem = await response.AssertProblemAsync(response.StatusCode);
            if (problem["error"] is not JsonValue error || error.GetValueKind() != JsonValueKind.String || error.GetValue<string>().Length == 0)
            {
                return $"the {status} problem has no \"error\" message";
            }
        }
        catch (Exception exception) when (exception is XunitException or JsonException or InvalidOperationException or NullReferenceException or FormatException)
        {
            return $"the {status} is not a problem-details body (application/problem+json with status, title and error): {exception.Message}";
        }

        return null;
    }

    /// <summary>
    /// True for Kestrel's own answer to the one request the generator makes that its HTTP parser refuses, a path with an
    /// encoded NUL (<c>%00</c>, "invalid request target"): a 400 with no body and no media type that closes the
    /// connection. Any other bare 400, and any bare 400 from the application, still fails the run.
    /// </summary>
    public static bool IsKestrelRejection(FuzzRequest request, HttpResponseMessage response) =>
        request.Target.Split('?', 2)[0].Contains("%00", StringComparison.Ordinal)
        && response.StatusCode == HttpStatusCode.BadRequest
        && response.Headers.ConnectionClose == true
        && response.Content.Headers.ContentLength == 0
        && response.Content.Headers.ContentType is null;
}
