using System.Runtime.CompilerServices;
using System.Text.Json;

namespace CleanEventStore.Client;

public sealed partial class EventStoreClient
{
    /// <summary>The name of the global log, readable as a stream.</summary>
    public const string AllStream = "_all";

    /// <summary>
    /// The events of <paramref name="stream"/> in <paramref name="window"/> (the whole stream by default), matching
    /// <paramref name="filter"/> (a matcher, as JSON: <c>{"payload":{"amount":{"$gte":100}}}</c>) if given. The events
    /// stream in as the server sends them: the request is sent when the enumeration starts, the body is parsed line by
    /// line, and no more than one line is held beyond what the caller has taken. Refusals (a missing stream, a 408 of a
    /// long-poll that got nothing) are thrown by the first <c>MoveNextAsync</c>.
    /// </summary>
    /// <exception cref="EventStoreNotFoundException">The stream does not exist.</exception>
    public IAsyncEnumerable<RecordedEvent> ReadStreamAsync(string stream, ReadWindow? window = null, string? filter = null, CancellationToken cancellationToken = default) =>
        ReadEventsAsync("streams/" + Paths.Name(stream, nameof(stream)) + window?.ToPath() + Paths.Query(("filter", Filter(filter))), cancellationToken);

    /// <summary>The events of the global log (<c>_all</c>) in <paramref name="window"/> (global positions), as <see cref="ReadStreamAsync"/> streams them.</summary>
    public IAsyncEnumerable<RecordedEvent> ReadAllAsync(ReadWindow? window = null, string? filter = null, CancellationToken cancellationToken = default) =>
        ReadStreamAsync(AllStream, window, filter, cancellationToken);

    /// <summary>The events of several streams in global order (<c>/streams/join?streams=a,b</c>); the window counts global positions. Missing streams are empty.</summary>
    public IAsyncEnumerable<RecordedEvent> ReadJoinAsync(IEnumerable<string> streams, ReadWindow? window = null, string? filter = null, CancellationToken cancellationToken = default) =>
        ReadEventsAsync("streams/join" + window?.ToPath() + Paths.Query(("streams", StreamList(streams)), ("filter", Filter(filter))), cancellationToken);

    /// <summary>The events of the streams <paramref name="selector"/> selects, in global order (<c>/streams/join?selector=</c>).</summary>
    public IAsyncEnumerable<RecordedEvent> ReadJoinAsync(Selector selector, ReadWindow? window = null, string? filter = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(selector);
        return ReadEventsAsync("streams/join" + window?.ToPath() + Paths.Query(("selector", selector.Json), ("filter", Filter(filter))), cancellationToken);
    }

    /// <summary>The events of every stream <c>{category}-…</c> and <c>{category}/…</c>, in global order; the window counts global positions.</summary>
    /// <exception cref="EventStoreNotFoundException">No stream of the category exists.</exception>
    public IAsyncEnumerable<RecordedEvent> ReadCategoryAsync(string category, ReadWindow? window = null, string? filter = null, CancellationToken cancellationToken = default) =>
        ReadEventsAsync("streams/category/" + Paths.Name(category, nameof(category)) + window?.ToPath() + Paths.Query(("filter", Filter(filter))), cancellationToken);

    /// <summary>
    /// Reads the events a DCB decision depends on (<c>POST /query</c>) and the condition that protects it: commit the
    /// decision with <see cref="CommitAsync(string, IReadOnlyList{EventData}, CommitCondition, CommitOptions?, CancellationToken)"/>
    /// and <see cref="QueryResult.Condition"/>, and the commit is refused if a matching event was committed in between.
    /// The result is returned once the response's headers arrived; enumerate it (once) for the events, which stream in,
    /// and dispose it.
    /// </summary>
    /// <param name="query">The DCB query.</param>
    /// <param name="from">The first global position to return (1-based; negative counts from the end); the condition covers the whole log either way.</param>
    /// <param name="filter">A matcher (JSON) that narrows the events and the condition.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<QueryResult> QueryAsync(DcbQuery query, long? from = null, string? filter = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var request = Request(HttpMethod.Post, "query" + Paths.From(from), idempotent: true, Ndjson);
        request.Content = new ReadOnlyMemoryContent(QueryBody(query, Filter(filter))) { Headers = { ContentType = JsonContentType } };
        return await QueryCoreAsync(request, cancellationToken);
    }

    /// <summary>
    /// Reads the events of the streams <paramref name="selector"/> selects (<c>GET /query?selector=</c>; for types,
    /// <see cref="Selector.AnyOf"/>) and the condition that protects a decision taken on them, as
    /// <see cref="QueryAsync(DcbQuery, long?, string?, CancellationToken)"/> does.
    /// </summary>
    public async Task<QueryResult> QueryAsync(Selector selector, long? from = null, string? filter = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(selector);
        var request = Request(HttpMethod.Get, "query" + Paths.From(from) + Paths.Query(("selector", selector.Json), ("filter", Filter(filter))), idempotent: true, Ndjson);
        return await QueryCoreAsync(request, cancellationToken);
    }

    /// <summary>The version of <paramref name="stream"/> (its number of events; for <c>_all</c>, the log's length).</summary>
    /// <exception cref="EventStoreNotFoundException">The stream does not exist.</exception>
    public async Task<long> GetStreamVersionAsync(string stream, CancellationToken cancellationToken = default)
    {
        var request = Request(HttpMethod.Get, "streams/" + Paths.Name(stream, nameof(stream)) + "/version", idempotent: true, Json);
        return (await SendJsonAsync(request, ClientJsonContext.Default.StreamVersionResponse, cancellationToken)).Version;
    }

    /// <summary>Every stream (<c>GET /streams</c>; names starting with <c>_</c> are hidden): its name, kind, version and whether it is closed.</summary>
    public async Task<IReadOnlyList<StreamInfo>> ListStreamsAsync(CancellationToken cancellationToken = default)
    {
        var request = Request(HttpMethod.Get, "streams", idempotent: true, Json);
        return (await SendJsonAsync(request, ClientJsonContext.Default.StreamListResponse, cancellationToken)).Streams;
    }

    private async Task<QueryResult> QueryCoreAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage? response = null;
        try
        {
            response = await SendAsync(request, cancellationToken);
            var header = response.Headers.TryGetValues(QueryResult.ConditionHeader, out var values) ? values.FirstOrDefault() : null;
            var condition = header is null
                ? throw new InvalidDataException($"The query's response has no {QueryResult.ConditionHeader} header.")
                : CommitCondition.Parse(header);
            return new QueryResult(request, response, condition, _options.MaxLineBytes);
        }
        catch
        {
            response?.Dispose();
            request.Dispose();
            throw;
        }
    }

    private async IAsyncEnumerable<RecordedEvent> ReadEventsAsync(string target, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, target, idempotent: true, Ndjson);
        using var response = await SendAsync(request, cancellationToken);
        await foreach (var recorded in ReadBodyAsync(response, _options.MaxLineBytes, cancellationToken))
        {
            yield return recorded;
        }
    }

    /// <summary>The events of an NDJSON body, parsed as the lines arrive.</summary>
    internal static async IAsyncEnumerable<RecordedEvent> ReadBodyAsync(HttpResponseMessage response, int maxLineBytes, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        await using var lines = new NdjsonLineReader(body, maxLineBytes);
        var parser = new EventLineParser();
        while (await lines.ReadLineAsync(cancellationToken) is { } line)
        {
            yield return parser.ParseEvent(line);
        }
    }

    internal static byte[] QueryBody(DcbQuery query, string? filter)
    {
        if (filter is null)
        {
            return query.ToUtf8Json();
        }

        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("query"u8);
            query.WriteTo(writer);
            writer.WritePropertyName("matcher"u8);
            writer.WriteRawValue(filter, skipInputValidation: true);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The filter, checked to be one JSON object.</summary>
    internal static string? Filter(string? filter)
    {
        if (filter is not null)
        {
            JsonText.EnsureObject(filter, nameof(filter));
        }

        return filter;
    }

    internal static string StreamList(IEnumerable<string> streams)
    {
        ArgumentNullException.ThrowIfNull(streams);
        var list = string.Join(',', streams);
        return list.Length == 0 ? throw new ArgumentException("A join needs at least one stream.", nameof(streams)) : list;
    }
}
