using System.Text.Json;
using CleanEventStore.Application.Abstractions.Matching;
using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Application.Common.Json;
using CleanEventStore.Domain.Errors;
using CleanEventStore.Domain.Matching;
using CleanEventStore.Domain.Streams;
using Mediator;

namespace CleanEventStore.Application.Streams.CreateStream;

public sealed class CreateStreamHandler(IEventStore store, IMatcherParser matchers) : ICommandHandler<CreateStreamCommand, CreateStreamResult>
{
    private const string Required = "Stream creation requires a matcher object.";

    public async ValueTask<CreateStreamResult> Handle(CreateStreamCommand command, CancellationToken cancellationToken)
    {
        var name = StreamName.FromTrusted(command.Stream);
        Matcher matcher;
        try
        {
            matcher = ReadMatcher(command.Body.Span);
        }
        catch (JsonException)
        {
            throw new InvalidRequestException("Invalid matcher.", "matcher");
        }

        var outcome = await store.CreateStreamAsync(name, matcher, cancellationToken);
        return outcome.Status switch
        {
            StreamChangeStatus.Done => new CreateStreamResult(name, outcome.Version),
            StreamChangeStatus.AlreadyExists => throw new StreamAlreadyExistsException(name.Value),
            _ => throw new InvalidOperationException($"Unexpected outcome {outcome.Status} of creating a stream."),
        };
    }

    private Matcher ReadMatcher(ReadOnlySpan<byte> body)
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
