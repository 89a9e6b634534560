using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace CleanEventStore.Client;

/// <summary>
/// A committed event, as one line of a read: the stored document <c>{"stream":…,"payload":…,"metadata":{…}}</c>. The
/// event owns its bytes (<see cref="Document"/>); <see cref="Payload"/> and <see cref="Metadata"/> are slices of them,
/// so nothing is copied or parsed further until it is asked for (<see cref="Deserialize{T}(JsonTypeInfo{T})"/>).
/// </summary>
public sealed class RecordedEvent
{
    private static readonly string[] StoreKeys = ["commitId", "committedAt", "commitVersion", "commitSize", "streamVersion", "position"];

    private ReadOnlyMemory<byte>? _customMetadata;

    internal RecordedEvent(
        ReadOnlyMemory<byte> document,
        string stream,
        ReadOnlyMemory<byte> payload,
        ReadOnlyMemory<byte> metadata,
        long commitId,
        long committedAt,
        int commitVersion,
        int commitSize,
        long streamVersion,
        long position)
    {
        Document = document;
        Stream = stream;
        Payload = payload;
        Metadata = metadata;
        CommitId = commitId;
        CommittedAt = DateTimeOffset.FromUnixTimeMilliseconds(committedAt);
        CommitVersion = commitVersion;
        CommitSize = commitSize;
        StreamVersion = streamVersion;
        Position = position;
    }

    /// <summary>
    /// Parses one stored event document (a line of a read or of an export, without its line feed), as a read does: the
    /// event keeps <paramref name="line"/> as its <see cref="Document"/>, so do not change the array afterwards.
    /// </summary>
    /// <exception cref="InvalidDataException">The line is not JSON, or not an event document.</exception>
    public static RecordedEvent Parse(byte[] line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return new EventLineParser().ParseEvent(line);
    }

    /// <summary>The whole line as the server sent it (UTF-8 JSON, without the line feed).</summary>
    public ReadOnlyMemory<byte> Document { get; }

    /// <summary>The write stream the event was committed to (never a type, tag or matcher stream).</summary>
    public string Stream { get; }

    /// <summary>The payload exactly as it was committed (UTF-8 JSON).</summary>
    public ReadOnlyMemory<byte> Payload { get; }

    /// <summary>The whole <c>metadata</c> object (UTF-8 JSON): the store's members and the commit's own metadata.</summary>
    public ReadOnlyMemory<byte> Metadata { get; }

    /// <summary>The length of the log before the event's commit (<c>metadata.commitId</c>).</summary>
    public long CommitId { get; }

    /// <summary>When the commit was written (<c>metadata.committedAt</c>, milliseconds since the Unix epoch).</summary>
    public DateTimeOffset CommittedAt { get; }

    /// <summary>The 0-based index of the event in its commit.</summary>
    public int CommitVersion { get; }

    /// <summary>The number of events of the commit.</summary>
    public int CommitSize { get; }

    /// <summary>The 0-based index of the event in its stream (the stream's version before it).</summary>
    public long StreamVersion { get; }

    /// <summary>The 1-based revision of the event in its stream (<see cref="StreamVersion"/> + 1), what a stream's <see cref="ReadWindow"/> counts.</summary>
    public long StreamRevision => StreamVersion + 1;

    /// <summary>
    /// The 1-based global position of the event in the log: the <c>position</c> a follow sends, else
    /// <see cref="CommitId"/> + <see cref="CommitVersion"/> + 1 (the same number).
    /// </summary>
    public long Position { get; }

    /// <summary>
    /// The metadata the commit carried (its <c>metadata</c> member), without the store's members: a JSON object, <c>{}</c>
    /// when the commit had none. Built on first use.
    /// </summary>
    public ReadOnlyMemory<byte> CustomMetadata => _customMetadata ??= ExtractCustomMetadata(Metadata.Span);

    /// <summary>Deserialises the payload with a source-generated <paramref name="typeInfo"/>.</summary>
    public T? Deserialize<T>(JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        return JsonSerializer.Deserialize(Payload.Span, typeInfo);
    }

    /// <summary>Deserialises the whole <c>metadata</c> object with a source-generated <paramref name="typeInfo"/>.</summary>
    public T? DeserializeMetadata<T>(JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        return JsonSerializer.Deserialize(Metadata.Span, typeInfo);
    }

    /// <summary>The document as text.</summary>
    public override string ToString() => Encoding.UTF8.GetString(Document.Span);

    private static byte[] ExtractCustomMetadata(ReadOnlySpan<byte> metadata)
    {
        var buffer = new ArrayBufferWriter<byte>(metadata.Length);
        var reader = new Utf8JsonReader(metadata);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            reader.Read();
            writer.WriteStartObject();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = IsStoreKey(ref reader) ? null : reader.GetString();
                reader.Read();
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                if (name is not null)
                {
                    writer.WritePropertyName(name);
                    writer.WriteRawValue(metadata[start..(int)reader.BytesConsumed], skipInputValidation: true);
                }
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static bool IsStoreKey(ref Utf8JsonReader reader)
    {
        foreach (var key in StoreKeys)
        {
            if (reader.ValueTextEquals(key))
            {
                return true;
            }
        }

        return false;
    }
}
