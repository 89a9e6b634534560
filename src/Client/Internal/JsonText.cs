using System.Text;
using System.Text.Json;

namespace CleanEventStore.Client;

/// <summary>Checks of JSON the caller hands in (payloads, metadata, filters), so that a malformed value fails here, naming the argument, not as a 400.</summary>
internal static class JsonText
{
    /// <summary>Throws unless <paramref name="json"/> is exactly one well-formed JSON value.</summary>
    public static void EnsureValue(ReadOnlySpan<byte> json, string argument)
    {
        if (!IsValue(json, out _))
        {
            throw new ArgumentException("The value must be one well-formed JSON value.", argument);
        }
    }

    /// <summary>Throws unless <paramref name="json"/> is exactly one JSON object; returns its UTF-8 bytes.</summary>
    public static byte[] EnsureObject(string json, string argument)
    {
        ArgumentNullException.ThrowIfNull(json, argument);
        var bytes = Encoding.UTF8.GetBytes(json);
        if (!IsValue(bytes, out var first) || first != JsonTokenType.StartObject)
        {
            throw new ArgumentException("The value must be one JSON object.", argument);
        }

        return bytes;
    }

    private static bool IsValue(ReadOnlySpan<byte> json, out JsonTokenType first)
    {
        first = JsonTokenType.None;
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 256 });
            if (!reader.Read())
            {
                return false;
            }

            first = reader.TokenType;
            reader.Skip();
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
