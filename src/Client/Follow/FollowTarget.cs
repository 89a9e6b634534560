namespace CleanEventStore.Client;

/// <summary>
/// What <see cref="EventStoreClient.FollowAsync"/> follows: a stream, the global log, a join, a category or a DCB
/// query, from an optional start (the window start of the read: a stream revision for a stream, a global position for
/// the others), optionally narrowed by a filter (<see cref="WithFilter"/>).
/// </summary>
public sealed class FollowTarget
{
    private FollowTarget(HttpMethod method, string path, long? from, (string Name, string Value)? parameter, DcbQuery? query, string? filter)
    {
        Method = method;
        Path = path;
        From = from;
        Parameter = parameter;
        Dcb = query;
        Filter = filter;
        _ = Paths.From(from);
    }

    /// <summary>The first revision (streams) or global position (the others) to send, if any; events before it are not sent.</summary>
    public long? From { get; }

    /// <summary>The filter (a matcher, as JSON), if any.</summary>
    public string? Filter { get; }

    internal HttpMethod Method { get; }

    internal string Path { get; }

    internal (string Name, string Value)? Parameter { get; }

    internal DcbQuery? Dcb { get; }

    /// <summary>The events of <paramref name="stream"/> (from its revision <paramref name="from"/>, 1-based).</summary>
    public static FollowTarget Stream(string stream, long? from = null) =>
        new(HttpMethod.Get, "streams/" + Paths.Name(stream, nameof(stream)), from, null, null, null);

    /// <summary>Every event of the log (from global position <paramref name="from"/>).</summary>
    public static FollowTarget All(long? from = null) => new(HttpMethod.Get, "streams/" + EventStoreClient.AllStream, from, null, null, null);

    /// <summary>The events of <paramref name="streams"/>, in global order.</summary>
    public static FollowTarget Join(IEnumerable<string> streams, long? from = null) =>
        new(HttpMethod.Get, "streams/join", from, ("streams", EventStoreClient.StreamList(streams)), null, null);

    /// <summary>The events of the streams <paramref name="selector"/> selects, in global order.</summary>
    public static FollowTarget Join(Selector selector, long? from = null)
    {
        ArgumentNullException.ThrowIfNull(selector);
        return new(HttpMethod.Get, "streams/join", from, ("selector", selector.Json), null, null);
    }

    /// <summary>The events of the category <paramref name="category"/> (<c>{category}-…</c> and <c>{category}/…</c>).</summary>
    public static FollowTarget Category(string category, long? from = null) =>
        new(HttpMethod.Get, "streams/category/" + Paths.Name(category, nameof(category)), from, null, null, null);

    /// <summary>The events a DCB query selects (<c>POST /query</c>).</summary>
    public static FollowTarget Query(DcbQuery query, long? from = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        return new(HttpMethod.Post, "query", from, null, query, null);
    }

    /// <summary>The events of the streams <paramref name="selector"/> selects, through <c>GET /query</c>.</summary>
    public static FollowTarget Query(Selector selector, long? from = null)
    {
        ArgumentNullException.ThrowIfNull(selector);
        return new(HttpMethod.Get, "query", from, ("selector", selector.Json), null, null);
    }

    /// <summary>The same target, sending only the events that match <paramref name="filter"/> (a matcher, as JSON).</summary>
    public FollowTarget WithFilter(string filter) => new(Method, Path, From, Parameter, Dcb, EventStoreClient.Filter(filter ?? throw new ArgumentNullException(nameof(filter))));

    /// <summary>The request of one connection: <c>?follow=true</c>, and <c>Last-Event-ID</c> after a position.</summary>
    internal HttpRequestMessage CreateRequest(long? after)
    {
        var query = Dcb is not null
            ? Paths.Query(("follow", "true"))
            : Paths.Query((Parameter?.Name ?? string.Empty, Parameter?.Value), ("filter", Filter), ("follow", "true"));
        var request = new HttpRequestMessage(Method, new Uri(Path + Paths.From(From) + query, UriKind.Relative));
        request.Options.Set(RetryPolicy.IdempotentKey, false);
        request.Headers.Accept.ParseAdd("application/x-ndjson");
        if (after is { } position)
        {
            request.Headers.TryAddWithoutValidation("Last-Event-ID", position.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (Dcb is not null)
        {
            request.Content = new ReadOnlyMemoryContent(EventStoreClient.QueryBody(Dcb, Filter))
            {
                Headers = { ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = "utf-8" } },
            };
        }

        return request;
    }
}
