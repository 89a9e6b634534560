using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace CleanEventStore.Infrastructure.Storage.Embedded.Writing;

/// <summary>
/// Catalog changes travel through the log as system records (JSON bodies, no position), so that they share the
/// log's ordering, atomicity and durability: <c>{"type":"close","stream":…}</c>,
/// <c>{"type":"create","stream":…,"matcher":{…}}</c> and <c>{"type":"idempotency",…}</c> (written inside the commit
/// it belongs to, before its events).
/// </summary>
internal sealed record SystemRecord(string Type, string Stream, string? Matcher, IdempotencyEntry? Idempotency)
{
    public const string CloseType = "close";
    public const string CreateType = "create";
    public const string IdempotencyType = "idempotency";

    public static byte[] Close(string stream) => Write(writer =>
    {
        writer.WriteString("type", CloseType);
        writer.WriteString("stream", stream);
    });

    public static byte[] Create(string stream, string matcherJson) => Write(writer =>
    {
        writer.WriteString("type", CreateType);
        writer.WriteString("stream", stream);
        writer.WritePropertyName("matcher");
        writer.WriteRawValue(matcherJson, skipInputValidation: true);
    });

    public static byte[] ForKey(IdempotencyEntry entry) => Write(writer =>
    {
        writer.WriteString("type", IdempotencyType);
        writer.WriteString("key", entry.Key);
        writer.WriteString("hash", entry.RequestHash.ToString("x32", CultureInfo.InvariantCulture));
        writer.WriteString("stream", entry.Stream);
        writer.WriteNumber("commitId", entry.CommitId);
        writer.WriteNumber("committedAt", entry.CommittedAt);
        writer.WriteNumber("streamVersion", entry.StreamVersion);
    });

    public static SystemRecord Parse(ReadOnlySpan<byte> body)
    {
        using var document = JsonDocument.Parse(body.ToArray());
        var root = document.RootElement;
        var type = root.GetProperty("type").GetString()!;
        var stream = root.GetProperty("stream").GetString()!;
        return type switch
        {
            CloseType => new SystemRecord(type, stream, null, null),
            CreateType => new SystemRecord(type, stream, root.GetProperty("matcher").GetRawText(), null),
            IdempotencyType => new SystemRecord(type, stream, null, new IdempotencyEntry(
                root.GetProperty("key").GetString()!,
                UInt128.Parse(root.GetProperty("hash").GetString()!, NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                stream,
                root.GetProperty("commitId").GetInt64(),
                root.GetProperty("committedAt").GetInt64(),
                root.GetProperty("streamVersion").GetInt64())),
            _ => throw new InvalidDataException($"Unknown system record type '{type}'."),
        };
    }

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
