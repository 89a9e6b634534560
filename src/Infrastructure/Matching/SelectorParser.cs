using System.Text.Json;
using CleanEventStore.Application.Abstractions.Matching;
using CleanEventStore.Domain.Dcb;
using CleanEventStore.Domain.Selectors;
using CleanEventStore.Domain.Streams;

namespace CleanEventStore.Infrastructure.Matching;

/// <summary>
/// Parses selectors (HTTP protocol 4.5: a stream name, or non-empty nested arrays that alternate OR at even depth and
/// AND at odd depth, <c>_all</c> allowed) and DCB queries (seed engine 2.9). Client input never throws; every problem
/// is a <see cref="ParseResult{T}.Fail"/> with the protocol's message, naming the offending element by its path.
/// </summary>
public sealed class SelectorParser : ISelectorParser
{
    private const int MaxDepth = 64;

    private const string QueryShape = "query must be a DCB query object with a non-empty items array.";

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = MaxDepth };

    public ParseResult<Selector> ParseSelector(ReadOnlySpan<byte> utf8Json, string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        var first = JsonSyntax.FirstTokenOfSingleValue(utf8Json, MaxDepth);
        if (first == JsonTokenType.None)
        {
            return ParseResult<Selector>.Fail($"Invalid {label}.");
        }

        try
        {
            var reader = new Utf8JsonReader(utf8Json, ReaderOptions);
            reader.Read();
            string? error = null;
            var selector = first switch
            {
                JsonTokenType.String => ReadLeaf(ref reader, label, ref error),
                JsonTokenType.StartArray => ReadArray(ref reader, label, depth: 0, ref error),
                _ => Fail(NotASelector(label), ref error),
            };
            return error is null ? ParseResult<Selector>.Ok(selector!) : ParseResult<Selector>.Fail(error);
        }
        catch (InvalidOperationException)
        {
            // A string with an unpaired surrogate escape.
            return ParseResult<Selector>.Fail($"Invalid {label}.");
        }
    }

    public ParseResult<DcbQuery> ParseDcbQuery(ReadOnlySpan<byte> utf8Json)
    {
        var first = JsonSyntax.FirstTokenOfSingleValue(utf8Json, MaxDepth);
        if (first == JsonTokenType.None)
        {
            return ParseResult<DcbQuery>.Fail("Invalid query.");
        }

        if (first != JsonTokenType.StartObject)
        {
            return ParseResult<DcbQuery>.Fail(QueryShape);
        }

        try
        {
            var reader = new Utf8JsonReader(utf8Json, ReaderOptions);
            reader.Read();
            List<DcbQueryItem>? items = null;
            string? error = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (!reader.ValueTextEquals("items"u8))
                {
                    reader.Skip();
                    continue;
                }

                // A repeated "items" key: the last one counts, as with JSON.parse (but any bad item is reported).
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    items = null;
                    reader.Skip();
                    continue;
                }

                items = ReadItems(ref reader, ref error);
                if (error is not null)
                {
                    return ParseResult<DcbQuery>.Fail(error);
                }
            }

            return items is { Count: > 0 }
                ? ParseResult<DcbQuery>.Ok(new DcbQuery(items))
                : ParseResult<DcbQuery>.Fail(QueryShape);
        }
        catch (InvalidOperationException)
        {
            return ParseResult<DcbQuery>.Fail("Invalid query.");
        }
    }

    private static string NotASelector(string path) => $"{path} must be a non-empty selector array or stream name.";

    private static Selector? Fail(string message, ref string? error)
    {
        error = message;
        return null;
    }

    private static Selector? ReadLeaf(ref Utf8JsonReader reader, string path, ref string? error)
    {
        var value = reader.GetString();
        var problem = StreamName.Validate(value, path, allowAll: true);
        return problem is null ? Selector.Stream(StreamName.FromTrusted(value!)) : Fail(problem, ref error);
    }

    /// <summary>The array at the reader: a union at even depth, an intersection at odd depth.</summary>
    private static Selector? ReadArray(ref Utf8JsonReader reader, string path, int depth, ref string? error)
    {
        var children = new List<Selector>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var childPath = $"{path}[{children.Count}]";
            var child = reader.TokenType switch
            {
                JsonTokenType.String => ReadLeaf(ref reader, childPath, ref error),
                JsonTokenType.StartArray => ReadArray(ref reader, childPath, depth + 1, ref error),
                _ => Fail(NotASelector(childPath), ref error),
            };
            if (child is null)
            {
                return null;
            }

            children.Add(child);
        }

        if (children.Count == 0)
        {
            return Fail(NotASelector(path), ref error);
        }

        return depth % 2 == 0 ? new OrSelector(children) : new AndSelector(children);
    }

    /// <summary>The items array at the reader, or null with <paramref name="error"/> set (empty arrays are left to the caller).</summary>
    private static List<DcbQueryItem>? ReadItems(ref Utf8JsonReader reader, ref string? error)
    {
        var items = new List<DcbQueryItem>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var path = $"query.items[{items.Count}]";
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                error = $"{path} must be an object with optional types and tags arrays.";
                return null;
            }

            IReadOnlyList<string> types = [];
            IReadOnlyList<string> tags = [];
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isTypes = reader.ValueTextEquals("types"u8);
                var isTags = !isTypes && reader.ValueTextEquals("tags"u8);
                if (!isTypes && !isTags)
                {
                    reader.Skip();
                    continue;
                }

                reader.Read();
                var values = ReadNames(ref reader, isTypes ? $"{path}.types" : $"{path}.tags", isTags, ref error);
                if (values is null)
                {
                    return null;
                }

                if (isTypes)
                {
                    types = values;
                }
                else
                {
                    tags = values;
                }
            }

            items.Add(new DcbQueryItem(types, tags));
        }

        return items;
    }

    /// <summary>
    /// An array of type names or tags, each checked the way <see cref="DcbQuery.ToSelector"/> will use it (a type is a
    /// stream name, a tag names the stream <c>tags/&lt;tag&gt;</c>), so that the query always compiles.
    /// </summary>
    private static List<string>? ReadNames(ref Utf8JsonReader reader, string path, bool isTags, ref string? error)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            error = $"{path} must be an array of strings.";
            return null;
        }

        var values = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                error = $"{path} must be an array of strings.";
                return null;
            }

            var value = reader.GetString()!;
            var label = $"{path}[{values.Count}]";
            var problem = value.Length == 0
                ? $"{label} must not be empty."
                : StreamName.Validate(isTags ? StreamNamespace.TagPrefix + value : value, label, allowAll: false);
            if (problem is not null)
            {
                error = problem;
                return null;
            }

            values.Add(value);
        }

        return values;
    }
}
