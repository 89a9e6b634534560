using System.Text.Json;
using CleanEventStore.Application.Abstractions.Matching;
using CleanEventStore.Application.Common.Json;
using CleanEventStore.Application.Common.Security;
using CleanEventStore.Application.Streams.CreateStream;
using CleanEventStore.Domain.Errors;
using CleanEventStore.Domain.Matching;

namespace CleanEventStore.Api.Requests;

/// <summary>
/// Maps <c>PUT /streams/{stream}</c> to a <see cref="CreateStreamCommand"/>: the stream must be a write-stream name; the
/// body is the matcher itself or <c>{"matcher": …}</c> (an object or its JSON string), and must not be <c>{}</c>. The
/// caller must have <c>admin</c> first (403 before any problem of the values).
/// </summary>
public static class CreateStreamRequestReader
{
    private const string Required = "Stream creation requires a matcher object.";

    public static CreateStreamCommand Read(string stream, byte[] body, IMatcherParser matchers, AccessGuard access)
    {
        access.Demand(CreateStreamCommand.Requirement);
        var name = RequestValues.WriteStream(stream, "stream");
        try
        {
            return new CreateStreamCommand(name, ReadMatcher(body, matchers));
        }
        catch (JsonException)
        {
            throw new InvalidRequestException("Invalid matcher.", "matcher");
        }
    }

    private static Matcher ReadMatcher(ReadOnlySpan<byte> body, IMatcherParser matchers)
    {
        if (body.IsEmpty)
        {
            throw new InvalidRequestException(Required, "matcher");
        }

        var reader = new Utf8JsonReader(body);
        reader.Read();
        var json = body;
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isMatcher = reader.NameIs("matcher"u8);
                reader.Read();
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                if (isMatcher)
                {
                    json = body[start..(int)reader.BytesConsumed];
                    break;
                }
            }
        }

        var parsed = json[0] == (byte)'"' ? matchers.Parse(StringValue(json), "matcher") : matchers.Parse(json, "matcher");
        if (!parsed.Succeeded)
        {
            throw new InvalidRequestException(parsed.Error!, "matcher");
        }

        return parsed.Value!.MatchesEverything
            ? throw new InvalidRequestException("Stream creation requires a non-empty matcher: {} matches every event, so the stream would only copy _all.", "matcher")
            : parsed.Value;
    }

    private static string StringValue(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read();
        return reader.StringOrEscaped();
    }
}
