using System.Net.Http.Headers;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Options;

namespace CleanEventStore.Client;

/// <summary>
/// The client of a CleanEventStore server: commits (<see cref="CommitAsync(string, IReadOnlyList{EventData}, ExpectedVersion, CommitOptions?, CancellationToken)"/>),
/// streaming reads (<see cref="ReadStreamAsync"/>, <see cref="ReadAllAsync"/>, <see cref="ReadJoinAsync(IEnumerable{string}, ReadWindow?, string?, CancellationToken)"/>,
/// <see cref="ReadCategoryAsync"/>), DCB queries (<see cref="QueryAsync(DcbQuery, long?, string?, CancellationToken)"/>), live
/// follows (<see cref="FollowAsync"/>), consumers and health. A typed <see cref="HttpClient"/>: register it with
/// <c>services.AddCleanEventStoreClient(…)</c> and inject it. It is thread-safe; every call sends its own request.
/// </summary>
public sealed partial class EventStoreClient
{
    private const string ApiKeyHeader = "X-Api-Key";

    private static readonly MediaTypeWithQualityHeaderValue Ndjson = new("application/x-ndjson");
    private static readonly MediaTypeWithQualityHeaderValue Json = new("application/json");

    private readonly HttpClient _http;
    private readonly EventStoreClientOptions _options;

    /// <summary>
    /// A client sending through <paramref name="httpClient"/> (which <c>AddCleanEventStoreClient</c> configures: base
    /// address, timeout, retries). Without a base address the client sets <see cref="EventStoreClientOptions.BaseAddress"/>.
    /// </summary>
    public EventStoreClient(HttpClient httpClient, IOptions<EventStoreClientOptions> options)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        _http = httpClient;
        _options = options.Value;
        _http.BaseAddress ??= WithTrailingSlash(_options.BaseAddress);
    }

    /// <summary>The base address with a trailing <c>/</c>, so that relative targets are resolved under its path.</summary>
    internal static Uri WithTrailingSlash(Uri address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.AbsolutePath.EndsWith('/') ? address : new UriBuilder(address) { Path = address.AbsolutePath + "/" }.Uri;
    }

    /// <summary>A request to <paramref name="target"/> (relative to the base address), marked for retries when <paramref name="idempotent"/>.</summary>
    private static HttpRequestMessage Request(HttpMethod method, string target, bool idempotent, MediaTypeWithQualityHeaderValue accept)
    {
        var request = new HttpRequestMessage(method, new Uri(target, UriKind.Relative));
        request.Options.Set(RetryPolicy.IdempotentKey, idempotent);
        request.Headers.Accept.Add(accept);
        return request;
    }

    /// <summary>
    /// Sends <paramref name="request"/> with the caller's credential and returns the response once its headers arrived
    /// (the body is read by the caller, as it comes); a status that is not a success is thrown as its <see cref="EventStoreException"/>.
    /// </summary>
    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await AuthenticateAsync(request, cancellationToken);
        var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw await ProblemReader.ReadAsync(response, cancellationToken);
        }
    }

    /// <summary>Sends <paramref name="request"/> and deserialises its JSON body.</summary>
    private async Task<T> SendJsonAsync<T>(HttpRequestMessage request, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        using (request)
        using (var response = await SendAsync(request, cancellationToken))
        {
            return await ReadJsonAsync(response, typeInfo, cancellationToken);
        }
    }

    private static async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        return await System.Text.Json.JsonSerializer.DeserializeAsync(body, typeInfo, cancellationToken)
            ?? throw new InvalidDataException($"{response.RequestMessage?.RequestUri?.AbsolutePath} answered null.");
    }

    private async ValueTask AuthenticateAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (_options.BearerTokenProvider is { } provider)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await provider(cancellationToken));
        }
        else if (_options.BearerToken is { Length: > 0 } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        else if (_options.ApiKey is { Length: > 0 } key)
        {
            request.Headers.Remove(ApiKeyHeader);
            request.Headers.TryAddWithoutValidation(ApiKeyHeader, key);
        }
    }
}
