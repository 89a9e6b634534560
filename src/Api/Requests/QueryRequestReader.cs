using System.Text;
using System.Text.Json;
using CleanEventStore.Application.Abstractions.Matching;
using CleanEventStore.Application.Common.Json;
using CleanEventStore.Application.Events.QueryByTypes;
using CleanEventStore.Domain.Dcb;
using CleanEventStore.Domain.Errors;
using CleanEventStore.Domain.Matching;
using CleanEventStore.Domain.Selectors;
using CleanEventStore.Domain.Streams;

namespace CleanEventStore.Api.Requests;

/// <summary>
/// Maps <c>GET|POST /query</c> to a <see cref="QueryByTypesQuery"/>. The selector comes from, in order: a DCB query in
/// the JSON body (<c>{"items":…}</c> or <c>{"query":{"items":…}}</c>), <c>?query=</c>, <c>?selector=</c>,
/// <c>?types=</c>. The filter comes from the body (<c>matcher</c>, or the whole body when it is not a DCB query) or
/// else <c>?filter=</c>. Every problem is a 400 naming it.
/// </summary>
public static class QueryRequestReader
{
    public static QueryByTypesQuery Read(
        IReadOnlyList<string?> types,
        string? selector,
        string? query,
        ReadOnlyMemory<byte> body,
        string? filter,
        RevisionBound? from,
        ISelectorParser selectors,
        IMatcherParser matchers)
    {
        var (bodyQuery, bodyMatcher) = SplitBody(body);
        var parsedSelector = ResolveSelector(types, selector, query, bodyQuery, selectors);
        var matcher = ResolveMatcher(filter, bodyMatcher, matchers);
        return new QueryByTypesQuery(parsedSelector, matcher, from);
    }

    private static Selector ResolveSelector(IReadOnlyList<string?> types, string? selector, string? query, byte[]? bodyQuery, ISelectorParser selectors)
    {
        if (bodyQuery is not null)
        {
            return Compile(selectors.ParseDcbQuery(bodyQuery));
        }

        if (!string.IsNullOrEmpty(query))
        {
            return Compile(selectors.ParseDcbQuery(Encoding.UTF8.GetBytes(query)));
        }

        if (!string.IsNullOrEmpty(selector))
        {
            return SelectorReader.Read(selector, selectors);
        }

        return StreamList.ParseSelector(types, "types")
            ?? throw new InvalidRequestException("types, selector, or query parameter is required.", "types");
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

    private static Matcher? ResolveMatcher(string? filter, byte[]? bodyMatcher, IMatcherParser matchers)
    {
        if (bodyMatcher is null)
        {
            return FilterReader.Read(filter, matchers);
        }

        var parsed = bodyMatcher.Length > 0 && bodyMatcher[0] == (byte)'"'
            ? matchers.Parse(StringValue(bodyMatcher), "matcher")
            : matchers.Parse(bodyMatcher, "matcher");
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
