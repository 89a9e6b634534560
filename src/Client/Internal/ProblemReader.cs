using System.Buffers;
using System.Net;
using System.Text;

namespace CleanEventStore.Client;

/// <summary>Turns a response that is not a success into the typed <see cref="EventStoreException"/> of its status and problem code.</summary>
internal static class ProblemReader
{
    /// <summary>Problem bodies are small; a larger body (a proxy's page) is cut here, never buffered whole.</summary>
    private const int MaxBodyBytes = 64 * 1024;

    public static async Task<EventStoreException> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await ReadBodyAsync(response, cancellationToken);
        var problem = body.Length > 0 ? EventStoreProblem.TryParse(body) : null;
        var request = response.RequestMessage;
        var message = problem?.Detail
            ?? $"{request?.Method} {request?.RequestUri?.AbsolutePath} answered {(int)response.StatusCode} {response.ReasonPhrase}.";
        return Create(message, response.StatusCode, problem, RetryAfter(response));
    }

    public static EventStoreException Create(string message, HttpStatusCode status, EventStoreProblem? problem, TimeSpan? retryAfter) => (int)status switch
    {
        400 or 413 or 415 or 422 => new EventStoreBadRequestException(message, status, problem, retryAfter),
        401 => new EventStoreAuthenticationException(message, status, problem, retryAfter),
        403 => new EventStoreForbiddenException(message, status, problem, retryAfter),
        404 => new EventStoreNotFoundException(message, status, problem, retryAfter),
        408 => new EventStoreTimeoutException(message, status, problem, retryAfter),
        409 => problem?.Code switch
        {
            "wrong-expected-version" => new WrongExpectedVersionException(message, status, problem, retryAfter),
            "condition-failed" => new ConditionFailedException(message, status, problem, retryAfter),
            _ => new EventStoreConflictException(message, status, problem, retryAfter),
        },
        429 => new EventStoreRateLimitedException(message, status, problem, retryAfter),
        503 => new EventStoreUnavailableException(message, status, problem, retryAfter),
        _ => new EventStoreException(message, status, problem, retryAfter),
    };

    /// <summary>The delay of a <c>Retry-After</c> header (seconds or a date), or null.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        return header?.Date is { } date ? date - DateTimeOffset.UtcNow is { Ticks: > 0 } wait ? wait : TimeSpan.Zero : null;
    }

    private static async Task<string> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            var buffer = ArrayPool<byte>.Shared.Rent(MaxBodyBytes);
            try
            {
                var length = 0;
                int read;
                while (length < MaxBodyBytes && (read = await stream.ReadAsync(buffer.AsMemory(length, MaxBodyBytes - length), cancellationToken)) > 0)
                {
                    length += read;
                }

                return Encoding.UTF8.GetString(buffer, 0, length);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        catch (IOException)
        {
            return string.Empty;
        }
        catch (HttpRequestException)
        {
            return string.Empty;
        }
    }
}
