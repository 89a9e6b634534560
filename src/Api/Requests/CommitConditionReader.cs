using System.Text.Json;
using CleanEventStore.Application.Abstractions.Matching;
using CleanEventStore.Application.Common.Json;
using CleanEventStore.Domain.Dcb;
using CleanEventStore.Domain.Errors;
using CleanEventStore.Domain.Matching;

namespace CleanEventStore.Api.Requests;

/// <summary>
/// Reads the <c>condition</c> of a commit body: the object a <c>GET /query</c> returned in its
/// <c>x-event-store-query-condition</c> header (<c>{"selector":…,"noneMatchAfter":N,"matcher":…}</c>), or that
/// object as a JSON string. <c>types</c> is accepted for <c>selector</c>. Every problem is a 400 naming it. Selectors
/// and matchers are parsed by the Application's parsers.
/// </summary>
public static class CommitConditionReader
{
    public static CommitCondition Read(ReadOnlySpan<byte> json, ISelectorParser selectors, IMatcherParser matchers)
    {
        if (json.Length > 0 && json[0] == (byte)'"')
        {
            var text = ReadString(json);
            byte[] inner;
            try
            {
                inner = System.Text.Encoding.UTF8.GetBytes(text);
                using var probe = JsonDocument.Parse(inner, new JsonDocumentOptions { MaxDepth = 64 });
            }
            catch (JsonException)
            {
                throw Invalid("Invalid condition.");
            }

            return ReadObject(inner, selectors, matchers);
        }

        return ReadObject(json, selectors, matchers);
    }

    private static CommitCondition ReadObject(ReadOnlySpan<byte> json, ISelectorParser selectors, IMatcherParser matchers)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw Invalid("condition must be a JSON object.");
        }

        ReadOnlySpan<byte> selectorJson = default;
        ReadOnlySpan<byte> typesJson = default;
        ReadOnlySpan<byte> matcherJson = default;
        long? noneMatchAfter = null;
        var noneMatchAfterSeen = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var property = reader.NameIs("selector"u8) ? 1
                : reader.NameIs("types"u8) ? 2
                : reader.NameIs("matcher"u8) ? 3
                : reader.NameIs("noneMatchAfter"u8) ? 4
                : 0;
            reader.Read();
            var start = (int)reader.TokenStartIndex;
            if (property == 4)
            {
                noneMatchAfterSeen = true;
                noneMatchAfter = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value) && value >= 0 ? value : null;
            }

            reader.Skip();
            var raw = json[start..(int)reader.BytesConsumed];
            switch (property)
            {
                case 1:
                    selectorJson = raw;
                    break;
                case 2:
                    typesJson = raw;
                    break;
                case 3:
                    matcherJson = raw;
                    break;
            }
        }

        if (!noneMatchAfterSeen || noneMatchAfter is null)
        {
            throw Invalid("condition.noneMatchAfter must be a non-negative integer.");
        }

        var selectorSource = !selectorJson.IsEmpty && !IsNull(selectorJson) ? selectorJson : typesJson;
        if (selectorSource.IsEmpty || IsNull(selectorSource))
        {
            throw Invalid("condition.selector (or condition.types) is required.");
        }

        var label = selectorSource == selectorJson ? "condition.selector" : "condition.types";
        var selector = selectors.ParseSelector(selectorSource, label);
        if (!selector.Succeeded)
        {
            throw Invalid(selector.Error!);
        }

        return new CommitCondition(selector.Value!.Normalize(), ReadMatcher(matcherJson, matchers), noneMatchAfter.Value);
    }

    private static Matcher? ReadMatcher(ReadOnlySpan<byte> json, IMatcherParser matchers)
    {
        if (json.IsEmpty || IsNull(json))
        {
            return null;
        }

        var parsed = json[0] == (byte)'"'
            ? matchers.Parse(ReadString(json), "condition.matcher")
            : matchers.Parse(json, "condition.matcher");
        return parsed.Succeeded ? parsed.Value : throw Invalid(parsed.Error!);
    }

    private static string ReadString(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read();
        return reader.StringOrEscaped();
    }

    private static bool IsNull(ReadOnlySpan<byte> json) => json.SequenceEqual("null"u8);

    private static InvalidRequestException Invalid(string message) => new(message, "condition");
}
