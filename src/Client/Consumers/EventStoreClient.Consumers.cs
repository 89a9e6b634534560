using System.Globalization;
using System.Net;
using System.Text.Json;

namespace CleanEventStore.Client;

public sealed partial class EventStoreClient
{
    /// <summary>
    /// Creates (or replaces) the server-side consumer <paramref name="consumer"/>, which folds the events of
    /// <paramref name="stream"/> into a state with the JavaScript function <paramref name="handler"/>
    /// (<c>(event, state) =&gt; newState</c>, run in the server's sandbox). Putting the same definition again changes
    /// nothing, so the call is retried safely.
    /// </summary>
    /// <param name="consumer">The consumer's identifier (letters, digits, <c>-</c>, <c>_</c>).</param>
    /// <param name="stream">The stream it consumes.</param>
    /// <param name="handler">The handler's JavaScript source.</param>
    /// <param name="initialState">The initial state, a JSON object (<c>{}</c> by default).</param>
    /// <param name="from">How many events of the stream count as already processed (0: start with the first).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="EventStoreBadRequestException">The identifier, handler or state is invalid.</exception>
    /// <exception cref="EventStoreNotFoundException">The stream does not exist.</exception>
    public async Task<ConsumerInfo> StartConsumerAsync(string consumer, string stream, string handler, string? initialState = null, long from = 0, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(handler);
        ArgumentOutOfRangeException.ThrowIfNegative(from);
        var state = initialState is null ? null : JsonText.EnsureObject(initialState, nameof(initialState));
        var target = "consumers/" + Paths.Name(consumer, nameof(consumer)) + "/stream/" + Paths.Name(stream, nameof(stream))
            + (from > 0 ? "/from/" + from.ToString(CultureInfo.InvariantCulture) : string.Empty);

        var buffer = new System.Buffers.ArrayBufferWriter<byte>(handler.Length + 64 + (state?.Length ?? 0));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("handler"u8, handler);
            if (state is not null)
            {
                writer.WritePropertyName("state"u8);
                writer.WriteRawValue(state, skipInputValidation: true);
            }

            writer.WriteEndObject();
        }

        var request = Request(HttpMethod.Put, target, idempotent: true, Json);
        request.Content = new ReadOnlyMemoryContent(buffer.WrittenMemory) { Headers = { ContentType = JsonContentType } };
        return await SendJsonAsync(request, ClientJsonContext.Default.ConsumerInfo, cancellationToken);
    }

    /// <summary>The consumer <paramref name="consumer"/>: its position, state and status.</summary>
    /// <exception cref="EventStoreNotFoundException">It does not exist.</exception>
    public Task<ConsumerInfo> GetConsumerAsync(string consumer, CancellationToken cancellationToken = default) =>
        SendJsonAsync(Request(HttpMethod.Get, "consumers/" + Paths.Name(consumer, nameof(consumer)), idempotent: true, Json), ClientJsonContext.Default.ConsumerInfo, cancellationToken);

    /// <summary>Every consumer (<c>GET /consumers</c>).</summary>
    public async Task<IReadOnlyList<ConsumerSummary>> ListConsumersAsync(CancellationToken cancellationToken = default) =>
        (await SendJsonAsync(Request(HttpMethod.Get, "consumers", idempotent: true, Json), ClientJsonContext.Default.ConsumerListResponse, cancellationToken)).Consumers;

    /// <summary>
    /// Waits until <paramref name="consumer"/> has processed at least <paramref name="position"/> events of its stream
    /// and returns it then. Each request is a server long-poll (<c>GET /consumers/{id}/after/{n}</c>, up to the
    /// server's <c>ConsumerPollTimeoutMs</c>); when one ends with 408 the next is sent, until
    /// <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    /// <exception cref="EventStoreConflictException">The consumer is faulted (<c>consumer-faulted</c>), or its stream is closed below <paramref name="position"/>.</exception>
    /// <exception cref="EventStoreNotFoundException">It does not exist.</exception>
    public async Task<ConsumerInfo> WaitForConsumerAsync(string consumer, long position, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(position);
        var target = "consumers/" + Paths.Name(consumer, nameof(consumer)) + "/after/" + position.ToString(CultureInfo.InvariantCulture);
        while (true)
        {
            try
            {
                return await SendJsonAsync(Request(HttpMethod.Get, target, idempotent: true, Json), ClientJsonContext.Default.ConsumerInfo, cancellationToken);
            }
            catch (EventStoreTimeoutException)
            {
                // The server's wait ended without the position: wait again.
            }
        }
    }

    /// <summary>
    /// Stops and removes <paramref name="consumer"/>. True when it was deleted; false when it did not exist (or a
    /// retry of this call found it already deleted by the first attempt): either way it is gone.
    /// </summary>
    public async Task<bool> DeleteConsumerAsync(string consumer, CancellationToken cancellationToken = default)
    {
        using var request = Request(HttpMethod.Delete, "consumers/" + Paths.Name(consumer, nameof(consumer)), idempotent: true, Json);
        try
        {
            using var response = await SendAsync(request, cancellationToken);
            return true;
        }
        catch (EventStoreNotFoundException exception) when (exception.StatusCode == HttpStatusCode.NotFound && exception.Code == "consumer-not-found")
        {
            return false;
        }
    }

    /// <summary>The server's health (<c>GET /health</c>, anonymous). A degraded store (503) is reported, neither thrown nor retried.</summary>
    public async Task<HealthReport> GetHealthAsync(CancellationToken cancellationToken = default)
    {
        using var request = Request(HttpMethod.Get, "health", idempotent: true, Json);
        request.Options.Set(RetryPolicy.IdempotentKey, false);
        await AuthenticateAsync(request, cancellationToken);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.StatusCode == HttpStatusCode.ServiceUnavailable && response.Content.Headers.ContentType?.MediaType == "application/json")
        {
            return await ReadJsonAsync(response, ClientJsonContext.Default.HealthReport, cancellationToken);
        }

        if (!response.IsSuccessStatusCode)
        {
            throw await ProblemReader.ReadAsync(response, cancellationToken);
        }

        return await ReadJsonAsync(response, ClientJsonContext.Default.HealthReport, cancellationToken);
    }

    /// <summary>The storage statistics (<c>GET /health/stats</c>, needs the <c>admin</c> scope): log segments, streams, bytes written.</summary>
    public Task<StorageStatistics> GetStorageStatisticsAsync(CancellationToken cancellationToken = default) =>
        SendJsonAsync(Request(HttpMethod.Get, "health/stats", idempotent: true, Json), ClientJsonContext.Default.StorageStatistics, cancellationToken);
}
