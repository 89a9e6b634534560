using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace CleanEventStore.Client.Tests.Support;

/// <summary>
/// The primary handler of a client under unit test: answers each request with the next scripted response (or
/// failure) and records every request it was sent. A request beyond the script fails the test with an
/// <see cref="InvalidOperationException"/> (which no client code retries).
/// </summary>
public sealed class ScriptedHandler : HttpMessageHandler
{
    private readonly ConcurrentQueue<Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>> _script = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public ScriptedHandler Respond(Func<HttpRequestMessage, HttpResponseMessage> respond)
    {
        _script.Enqueue((request, _) => Task.FromResult(respond(request)));
        return this;
    }

    /// <summary>200 with an NDJSON body.</summary>
    public ScriptedHandler Ndjson(ScriptedBodyStream body, params (string Name, string Value)[] headers) => Respond(_ =>
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(body) };
        response.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-ndjson; charset=utf-8");
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    });

    /// <summary>A JSON answer.</summary>
    public ScriptedHandler Json(HttpStatusCode status, string json, params (string Name, string Value)[] headers) => Respond(_ =>
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, status >= HttpStatusCode.BadRequest ? "application/problem+json" : "application/json") };
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    });

    /// <summary>A problem-details answer with <paramref name="code"/> and extra members (JSON, without braces).</summary>
    public ScriptedHandler Problem(HttpStatusCode status, string code, string detail, string members = "", params (string Name, string Value)[] headers) =>
        Json(status, $"{{\"type\":\"about:blank\",\"title\":\"{status}\",\"status\":{(int)status},\"detail\":\"{detail}\",\"error\":\"{detail}\",\"code\":\"{code}\"{(members.Length > 0 ? "," + members : string.Empty)},\"traceId\":\"00-test\"}}", headers);

    /// <summary>The connection fails before any answer.</summary>
    public ScriptedHandler Fail(Exception? failure = null)
    {
        _script.Enqueue((_, _) => Task.FromException<HttpResponseMessage>(failure ?? new HttpRequestException("Connection refused (scripted).")));
        return this;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in request.Headers)
        {
            headers[header.Key] = string.Join(", ", header.Value);
        }

        string? body = null;
        if (request.Content is not null)
        {
            foreach (var header in request.Content.Headers)
            {
                headers[header.Key] = string.Join(", ", header.Value);
            }

            body = await request.Content.ReadAsStringAsync(cancellationToken);
        }

        _requests.Enqueue(new RecordedRequest(request.Method, request.RequestUri!, headers, body));
        if (!_script.TryDequeue(out var step))
        {
            throw new InvalidOperationException($"The script has no answer for request {_requests.Count}: {request.Method} {request.RequestUri}.");
        }

        var response = await step(request, cancellationToken);
        response.RequestMessage = request;
        return response;
    }
}
