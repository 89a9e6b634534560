using System.Text;
using System.Text.Json;
using CleanEventStore.Application.Abstractions.Matching;
using CleanEventStore.Application.Abstractions.Security;
using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Application.Common.Json;
using CleanEventStore.Application.Common.Waiting;
using CleanEventStore.Application.Streams.Common;
using CleanEventStore.Domain.Dcb;
using CleanEventStore.Domain.Errors;
using CleanEventStore.Domain.Matching;
using CleanEventStore.Domain.Selectors;
using CleanEventStore.Domain.Streams;
using Mediator;

namespace CleanEventStore.Application.Events.QueryByTypes;

public sealed class QueryByTypesHandler(IEventStore store, ISelectorParser selectors, IMatcherParser matchers, IEventFilterFactory filters, TimeProvider timeProvider, LongPolls longPolls, ICallerContext callers)
    : IQueryHandler<QueryByTypesQuery, QueryByTypesResult>
{
    public async ValueTask<QueryByTypesResult> Handle(QueryByTypesQuery query, CancellationToken cancellationToken)
    {
        var (bodyQuery, bodyMatcher) = SplitBody(query.Body);
        var selector = ResolveSelector(query, bodyQuery);
        var matcher = ResolveMatcher(query.Filter, bodyMatcher);
        var head = await store.GetHeadAsync(cancellationToken);
        var from = query.From?.Resolve(head) ?? 1;
        var window = from > head ? ResolvedWindow.Empty : new ResolvedWindow(from, head);
        var source = new ReadSource.Join(selector);
        var filter = matcher is null || matcher.MatchesEverything ? null : filters.Create(matcher);
        var feed = new EventFeed(store, source, window, filter, new SourceVersion(head, Closed: false), TimeSpan.Zero, timeProvider, longPolls, callers.Current);
        return new QueryByTypesResult(new CommitCondition(selector, matcher, head), feed);
    }

    private Selector ResolveSelector(QueryByTypesQuery query, byte[]? bodyQuery)
    {
        if (bodyQuery is not null)
        {
            return Compile(selectors.ParseDcbQuery(bodyQuery));
        }

        if (!string.IsNullOrEmpty(query.Query))
        {
            return Compile(selectors.ParseDcbQuery(Encoding.UTF8.GetBytes(query.Query)));
        }

        if (!string.IsNullOrEmpty(query.Selector))
        {
            var parsed = selectors.ParseSelector(Encoding.UTF8.GetBytes(query.Selector), "selector");
            return parsed.Succeeded ? parsed.Value!.Normalize() : throw new InvalidRequestException(parsed.Error!, "selector");
        }

        var types = StreamList.Parse(query.Types, "types");
        return types.Count > 0
            ? Selector.Or(types.Select(Selector.Stream)).Normalize()
            : throw new InvalidRequestException("types, selector, or query parameter is required.", "types");
    }

    private static Selector Compile(ParseResult<DcbQuery> parsed)
    {
        if (!parsed.Succeeded)
        {
            throw new InvalidRequestException(parsed.Error!, "query");
        }

        try
        {
            return parsed.Value!.ToSelector();
        }
        catch (ArgumentException exception)
        {
            throw new InvalidRequestException(exception.Message, "query");
        }
    }

    private Matcher? ResolveMatcher(string? filter, byte[]? bodyMatcher)
    {
        ParseResult<Matcher> parsed;
        if (bodyMatcher is not null)
        {
            parsed = bodyMatcher.Length > 0 && bodyMatcher[0] == (byte)'"'
                ? matchers.Parse(StringValue(bodyMatcher), "matcher")
                : matchers.Parse(bodyMatcher, "matcher");
        }
        else if (!string.IsNullOrEmpty(filter))
        {
            parsed = matchers.Parse(filter, "filter");
        }
        else
        {
            return null;
        }

        return parsed.Succeeded ? parsed.Value : throw new InvalidRequestException(parsed.Error!, "filter");
    }

    /// <summary>A matcher given as a JSON string; one with an unpaired surrogate escape stays escaped, so the parser refuses it.</summary>
    private static string StringValue(byte[] json)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read();
        return reader.StringOrEscaped();
    }

    /// <summary>A JSON body holds a DCB query (<c>items</c> or <c>query.items</c>), a <c>matcher</c>, or is itself a matcher.</summary>
    private static (byte[]? Query, byte[]? Matcher) SplitBody(ReadOnlyMemory<byte> body)
    {
        if (body.IsEmpty)
        {
            return (null, null);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException)
        {
            throw new InvalidRequestException("Invalid query.", "body");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidRequestException("The request body must be a JSON object: a DCB query or a matcher.", "body");
            }

            byte[]? query = null;
            if (root.TryGetProperty("items", out _))
            {
                query = body.ToArray();
            }
            else if (root.TryGetProperty("query", out var nested) && nested.ValueKind == JsonValueKind.Object && nested.TryGetProperty("items", out _))
            {
                query = Encoding.UTF8.GetBytes(nested.GetRawText());
            }

            byte[]? matcher = null;
            if (root.TryGetProperty("matcher", out var explicitMatcher) && explicitMatcher.ValueKind != JsonValueKind.Null)
            {
                matcher = Encoding.UTF8.GetBytes(explicitMatcher.GetRawText());
            }
            else if (query is null)
            {
                matcher = body.ToArray();
            }

            return (query, matcher);
        }
    }
}
