using System.Buffers;
using System.Text.Json;

namespace CleanEventStore.Api.Requests;

/// <summary>
/// Copies one JSON value without insignificant whitespace, keeping every token as the client wrote it (string
/// escapes and number spellings included): what is stored is what was sent, only compact.
/// </summary>
public static class JsonCompactor
{
    /// <summary>Copies the value at the reader's current token (a primitive, or a whole object or array).</summary>
    public static void CopyValue(ref Utf8JsonReader reader, IBufferWriter<byte> destination)
    {
        var depth = reader.CurrentDepth;
        var afterValue = false;
        while (true)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                case JsonTokenType.StartArray:
                    Comma(destination, afterValue);
                    Byte(destination, reader.TokenType == JsonTokenType.StartObject ? (byte)'{' : (byte)'[');
                    afterValue = false;
                    break;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    Byte(destination, reader.TokenType == JsonTokenType.EndObject ? (byte)'}' : (byte)']');
                    afterValue = true;
                    break;
                case JsonTokenType.PropertyName:
                    Comma(destination, afterValue);
                    Quoted(ref reader, destination);
                    Byte(destination, (byte)':');
                    afterValue = false;
                    break;
                case JsonTokenType.String:
                    Comma(destination, afterValue);
                    Quoted(ref reader, destination);
                    afterValue = true;
                    break;
                default:
                    Comma(destination, afterValue);
                    destination.Write(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan);
                    afterValue = true;
                    break;
            }

            if (reader.CurrentDepth == depth && reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray or JsonTokenType.PropertyName))
            {
                return;
            }

            if (!reader.Read())
            {
                throw new JsonException("The JSON value is incomplete.");
            }
        }
    }

    /// <summary>The compact form of the value at the reader's current token.</summary>
    public static byte[] Copy(ref Utf8JsonReader reader)
    {
        var writer = new ArrayBufferWriter<byte>(256);
        CopyValue(ref reader, writer);
        return writer.WrittenSpan.ToArray();
    }

    private static void Comma(IBufferWriter<byte> destination, bool afterValue)
    {
        if (afterValue)
        {
            Byte(destination, (byte)',');
        }
    }

    private static void Byte(IBufferWriter<byte> destination, byte value)
    {
        destination.GetSpan(1)[0] = value;
        destination.Advance(1);
    }

    private static void Quoted(ref Utf8JsonReader reader, IBufferWriter<byte> destination)
    {
        Byte(destination, (byte)'"');
        destination.Write(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan);
        Byte(destination, (byte)'"');
    }
}
