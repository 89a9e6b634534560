using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace CleanEventStore.Client;

/// <summary>
/// One event to commit: its payload as UTF-8 JSON, stored and returned byte for byte (compacted by the server). The
/// server files an event under its type (the payload's <c>type</c> member by default) and its tags (<c>tags</c>), so
/// a payload is a JSON object that usually carries them: <c>{"type":"OrderPlaced","orderId":"1","tags":["eu"]}</c>.
/// </summary>
public sealed class EventData
{
    private EventData(ReadOnlyMemory<byte> payload) => Payload = payload;

    /// <summary>The payload, UTF-8 JSON (one value, validated when the event was made).</summary>
    public ReadOnlyMemory<byte> Payload { get; }

    /// <summary>An event whose payload is <paramref name="utf8Json"/> (one JSON value, usually an object).</summary>
    /// <exception cref="ArgumentException"><paramref name="utf8Json"/> is not one well-formed JSON value.</exception>
    public static EventData FromJson(ReadOnlyMemory<byte> utf8Json)
    {
        JsonText.EnsureValue(utf8Json.Span, nameof(utf8Json));
        return new EventData(utf8Json);
    }

    /// <summary>An event whose payload is the JSON text <paramref name="json"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="json"/> is not one well-formed JSON value.</exception>
    public static EventData FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return FromJson(Encoding.UTF8.GetBytes(json));
    }

    /// <summary>
    /// An event whose payload is <paramref name="value"/> serialised with <paramref name="typeInfo"/> (a
    /// source-generated <see cref="System.Text.Json.Serialization.JsonSerializerContext"/>'s type info, so no reflection is used).
    /// </summary>
    public static EventData From<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        return new EventData(JsonSerializer.SerializeToUtf8Bytes(value, typeInfo));
    }

    /// <summary>The payload as text.</summary>
    public override string ToString() => Encoding.UTF8.GetString(Payload.Span);
}
