using System.Net;
using Polly;

namespace CleanEventStore.Client;

/// <summary>
/// Which failed attempts the resilience pipeline repeats: only requests the client marked idempotent
/// (<see cref="IdempotentKey"/>), and only after a transient failure: the connection failed, or the server answered
/// 5xx (not 501) or 429. A 4xx refusal is an answer, never retried.
/// </summary>
internal static class RetryPolicy
{
    public static readonly HttpRequestOptionsKey<bool> IdempotentKey = new("CleanEventStore.Client.Idempotent");

    public static bool ShouldRetry(HttpRequestMessage? request, Outcome<HttpResponseMessage> outcome)
    {
        if (request is null || !request.Options.TryGetValue(IdempotentKey, out var idempotent) || !idempotent)
        {
            return false;
        }

        if (outcome.Exception is not null)
        {
            return outcome.Exception is HttpRequestException or IOException or TimeoutException;
        }

        return IsTransient(outcome.Result!.StatusCode);
    }

    public static bool IsTransient(HttpStatusCode status) =>
        status == HttpStatusCode.TooManyRequests || ((int)status >= 500 && status != HttpStatusCode.NotImplemented && status != HttpStatusCode.HttpVersionNotSupported);
}
