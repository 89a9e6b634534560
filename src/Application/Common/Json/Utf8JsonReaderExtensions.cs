using System.Buffers;
using System.Text;
using System.Text.Json;

namespace CleanEventStore.Application.Common.Json;

/// <summary>
/// Reads of client JSON that hold for every JSON text. A string may contain an unpaired surrogate escape
/// (<c>"\ud800"</c>): valid JSON, stored as sent, but <see cref="Utf8JsonReader"/> throws
/// <see cref="InvalidOperationException"/> (not <see cref="JsonException"/>) when it has to unescape one, to compare a
/// name or to make a <see cref="string"/>. These reads never throw for it.
/// </summary>
public static class Utf8JsonReaderExtensions
{
    /// <summary>
    /// <see cref="Utf8JsonReader.ValueTextEquals(ReadOnlySpan{byte})"/> of the current property name or string: false
    /// for one with an unpaired surrogate escape, which no UTF-8 text equals.
    /// </summary>
    public static bool NameIs(ref this Utf8JsonReader reader, ReadOnlySpan<byte> utf8Text)
    {
        try
        {
            return reader.ValueTextEquals(utf8Text);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <inheritdoc cref="NameIs(ref Utf8JsonReader, ReadOnlySpan{byte})"/>
    public static bool NameIs(ref this Utf8JsonReader reader, string text)
    {
        try
        {
            return reader.ValueTextEquals(text);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>
    /// The current string, unescaped; one with an unpaired surrogate escape as its text still escaped (<c>\ud800</c>),
    /// which is never a stream name, a number or JSON, so whoever validates it refuses it with its own message.
    /// </summary>
    public static string StringOrEscaped(ref this Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            return Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan);
        }
    }
}
