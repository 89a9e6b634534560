using System.Text.Json;

namespace CleanEventStore.Client;

/// <summary>
/// Parses one NDJSON line into a <see cref="RecordedEvent"/> (slices of the line, no copy) or a follow control line.
/// Keeps the last stream name it saw, so consecutive events of one stream share one string.
/// </summary>
internal sealed class EventLineParser
{
    private string? _lastStream;

    /// <summary>The kind of <paramref name="line"/>, with its event or the position of a control line.</summary>
    /// <exception cref="InvalidDataException">The line is not JSON, or not an event or a control line.</exception>
    public LineKind Parse(byte[] line, out RecordedEvent? recorded, out long position)
    {
        recorded = null;
        position = -1;
        try
        {
            return ParseCore(line, ref recorded, ref position);
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException("A line of the response is not well-formed JSON: " + exception.Message, exception);
        }
    }

    /// <summary>The event of <paramref name="line"/>.</summary>
    /// <exception cref="InvalidDataException">The line is not an event document.</exception>
    public RecordedEvent ParseEvent(byte[] line) =>
        Parse(line, out var recorded, out _) == LineKind.Event
            ? recorded!
            : throw new InvalidDataException("A line of the response is not an event document.");

    private LineKind ParseCore(byte[] line, ref RecordedEvent? recorded, ref long position)
    {
        var memory = line.AsMemory();
        var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = 256 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new InvalidDataException("A line of the response is not a JSON object.");
        }

        string? stream = null;
        ReadOnlyMemory<byte>? payload = null;
        ReadOnlyMemory<byte>? metadata = null;
        var fields = default(MetadataFields);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("stream"u8))
            {
                reader.Read();
                stream = StreamName(ref reader);
            }
            else if (reader.ValueTextEquals("payload"u8))
            {
                reader.Read();
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                payload = memory[start..(int)reader.BytesConsumed];
            }
            else if (reader.ValueTextEquals("metadata"u8))
            {
                reader.Read();
                var start = (int)reader.TokenStartIndex;
                fields = ReadMetadata(ref reader);
                metadata = memory[start..(int)reader.BytesConsumed];
            }
            else if (reader.ValueTextEquals("caughtUp"u8) || reader.ValueTextEquals("heartbeat"u8))
            {
                var kind = reader.ValueTextEquals("caughtUp"u8) ? LineKind.CaughtUp : LineKind.Heartbeat;
                reader.Read();
                position = ReadControlPosition(ref reader);
                return kind;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (stream is null || payload is null || metadata is null || !fields.Complete)
        {
            return stream is null && payload is null && metadata is null
                ? LineKind.Other
                : throw new InvalidDataException("An event line of the response lacks its stream, payload or store metadata.");
        }

        position = fields.Position ?? fields.CommitId + fields.CommitVersion + 1;
        recorded = new RecordedEvent(
            memory,
            stream,
            payload.Value,
            metadata.Value,
            fields.CommitId,
            fields.CommittedAt,
            (int)fields.CommitVersion,
            (int)fields.CommitSize,
            fields.StreamVersion,
            position);
        return LineKind.Event;
    }

    private string StreamName(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new InvalidDataException("The stream of an event line is not a string.");
        }

        if (_lastStream is not null && reader.ValueTextEquals(_lastStream))
        {
            return _lastStream;
        }

        return _lastStream = reader.GetString()!;
    }

    private static MetadataFields ReadMetadata(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new InvalidDataException("The metadata of an event line is not an object.");
        }

        var fields = default(MetadataFields);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("commitId"u8))
            {
                fields.CommitId = Number(ref reader);
                fields.Seen |= 1;
            }
            else if (reader.ValueTextEquals("committedAt"u8))
            {
                fields.CommittedAt = Number(ref reader);
                fields.Seen |= 2;
            }
            else if (reader.ValueTextEquals("commitVersion"u8))
            {
                fields.CommitVersion = Number(ref reader);
                fields.Seen |= 4;
            }
            else if (reader.ValueTextEquals("commitSize"u8))
            {
                fields.CommitSize = Number(ref reader);
                fields.Seen |= 8;
            }
            else if (reader.ValueTextEquals("streamVersion"u8))
            {
                fields.StreamVersion = Number(ref reader);
                fields.Seen |= 16;
            }
            else if (reader.ValueTextEquals("position"u8))
            {
                fields.Position = Number(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return fields;
    }

    private static long ReadControlPosition(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new InvalidDataException("A control line of the response is not an object.");
        }

        long? position = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("position"u8))
            {
                position = Number(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return position ?? throw new InvalidDataException("A caughtUp or heartbeat line of the response has no position.");
    }

    private static long Number(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value)
            ? value
            : throw new InvalidDataException("A number of an event line's metadata is not an integer.");
    }

    private struct MetadataFields
    {
        public long CommitId;
        public long CommittedAt;
        public long CommitVersion;
        public long CommitSize;
        public long StreamVersion;
        public long? Position;
        public int Seen;

        public readonly bool Complete => Seen == 31;
    }
}
