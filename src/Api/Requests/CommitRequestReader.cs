using System.Buffers;
using System.Text.Json;
using CleanEventStore.Application.Abstractions.Matching;
using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Application.Common.Json;
using CleanEventStore.Application.Common.Security;
using CleanEventStore.Application.Streams.CommitEvents;
using CleanEventStore.Domain.Dcb;
using CleanEventStore.Domain.Streams;

namespace CleanEventStore.Api.Requests;

/// <summary>
/// Maps a commit body <c>{"events":[…],"expectedVersion":…,"metadata":{…},"condition":…}</c> to a
/// <see cref="CommitEventsCommand"/>: events and metadata become compact JSON, byte-for-byte otherwise; JSON
/// nested deeper than 64 levels, malformed JSON and wrongly typed members are 400s. Then the caller's scopes are
/// demanded (403 before any problem of the values, as the pipeline's authorization did), then the stream name (a write
/// stream) and the DCB condition (<see cref="CommitConditionReader"/>) are built, each a 400 naming its problem.
/// Shape rules (events are objects, reserved metadata keys, the idempotency key) are the validator's.
/// </summary>
public static class CommitRequestReader
{
    public const int MaxDepth = 64;
    private const string ExpectedVersionError = "expectedVersion must be a number, \"any\", or \"empty\".";

    public static CommitEventsCommand Read(
        string stream, byte[] body, IdempotencyToken? idempotency, ISelectorParser selectors, IMatcherParser matchers, AccessGuard access)
    {
        if (body.Length == 0)
        {
            throw Bad("Commit payload must be a JSON object.");
        }

        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = MaxDepth });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw Bad("Commit payload must be a JSON object.");
            }

            var buffer = new ArrayBufferWriter<byte>(body.Length);
            var ranges = new List<(int Start, int Length)>();
            var expected = ExpectedVersion.Any;
            byte[] metadata = [];
            byte[] condition = [];
            ReadMembers(ref reader, buffer, ranges, ref expected, ref metadata, ref condition);
            if (reader.Read())
            {
                throw Bad("The request body holds more than one JSON value.");
            }

            access.Demand(CommitEventsCommand.AccessFor(stream, withCondition: condition.Length > 0));
            return new CommitEventsCommand(
                RequestValues.WriteStream(stream, "stream"),
                Slices(buffer.WrittenMemory, ranges),
                metadata,
                expected,
                condition.Length == 0 ? null : ReadCondition(condition, selectors, matchers),
                idempotency);
        }
        catch (JsonException exception)
        {
            throw Bad(InvalidJson(exception));
        }
    }

    /// <summary>The body's members after its opening brace; a repeated member keeps its last value, unknown ones are skipped.</summary>
    private static void ReadMembers(
        ref Utf8JsonReader reader,
        ArrayBufferWriter<byte> buffer,
        List<(int Start, int Length)> ranges,
        ref ExpectedVersion expected,
        ref byte[] metadata,
        ref byte[] condition)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.NameIs("events"u8))
            {
                reader.Read();
                ReadEvents(ref reader, buffer, ranges);
            }
            else if (reader.NameIs("expectedVersion"u8))
            {
                reader.Read();
                expected = ReadExpectedVersion(ref reader);
            }
            else if (reader.NameIs("metadata"u8))
            {
                reader.Read();
                metadata = JsonCompactor.Copy(ref reader);
            }
            else if (reader.NameIs("condition"u8))
            {
                reader.Read();
                condition = JsonCompactor.Copy(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    /// <summary>Each event of the array at the reader, compacted into <paramref name="buffer"/> at the range it is recorded under.</summary>
    private static void ReadEvents(ref Utf8JsonReader reader, ArrayBufferWriter<byte> buffer, List<(int Start, int Length)> ranges)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw Bad("Commit payload must include a non-empty events array.", "events");
        }

        ranges.Clear();
        buffer.ResetWrittenCount();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var start = buffer.WrittenCount;
            JsonCompactor.CopyValue(ref reader, buffer);
            ranges.Add((start, buffer.WrittenCount - start));
        }
    }

    private static ReadOnlyMemory<byte>[] Slices(ReadOnlyMemory<byte> memory, List<(int Start, int Length)> ranges)
    {
        var events = new ReadOnlyMemory<byte>[ranges.Count];
        for (var i = 0; i < events.Length; i++)
        {
            events[i] = memory.Slice(ranges[i].Start, ranges[i].Length);
        }

        return events;
    }

    /// <summary>The condition is valid JSON already (the body was read whole); a failure here is a bug, not a bad body.</summary>
    private static CommitCondition ReadCondition(byte[] condition, ISelectorParser selectors, IMatcherParser matchers)
    {
        try
        {
            return CommitConditionReader.Read(condition, selectors, matchers);
        }
        catch (JsonException exception)
        {
            throw new InvalidOperationException("The compacted condition could not be read again.", exception);
        }
    }

    /// <summary>The 400 message for malformed JSON, naming where it broke.</summary>
    public static string InvalidJson(JsonException exception) =>
        $"The request body is not valid JSON: {exception.Message}";

    private static ExpectedVersion ReadExpectedVersion(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return ExpectedVersion.Any;
            case JsonTokenType.Number when reader.TryGetInt64(out var number) && ExpectedVersion.TryFromNumber(number, out var fromNumber):
                return fromNumber;
            case JsonTokenType.String when ExpectedVersion.TryParse(reader.StringOrEscaped(), out var fromText):
                return fromText;
            default:
                throw Bad(ExpectedVersionError, "expectedVersion");
        }
    }

    private static BadRequestException Bad(string message, string? parameter = null) =>
        new(StatusCodes.Status400BadRequest, message, parameter);
}
