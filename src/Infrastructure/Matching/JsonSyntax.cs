using System.Text.Json;
using System.Text.Unicode;

namespace CleanEventStore.Infrastructure.Matching;

/// <summary>JSON helpers shared by the matcher parser, the raw filter and the selector parser.</summary>
internal static class JsonSyntax
{
    /// <summary>
    /// Returns the first token of <paramref name="utf8Json"/> when it is exactly one well-formed JSON value in valid
    /// UTF-8 (surrounding whitespace allowed, no comments, no trailing commas, at most <paramref name="maxDepth"/>
    /// levels), else <see cref="JsonTokenType.None"/>.
    /// </summary>
    public static JsonTokenType FirstTokenOfSingleValue(ReadOnlySpan<byte> utf8Json, int maxDepth)
    {
        if (!Utf8.IsValid(utf8Json))
        {
            return JsonTokenType.None;
        }

        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = maxDepth });
        try
        {
            if (!reader.Read())
            {
                return JsonTokenType.None;
            }

            var first = reader.TokenType;
            reader.Skip();

            // Anything but whitespace after the value makes Read throw.
            return reader.Read() ? JsonTokenType.None : first;
        }
        catch (JsonException)
        {
            return JsonTokenType.None;
        }
    }

    /// <summary>The current number token as a double; out-of-range magnitudes become infinities, as in JavaScript.</summary>
    public static double ReadNumber(ref Utf8JsonReader reader) =>
        reader.TryGetDouble(out var value) ? value
        : reader.ValueSpan[0] == (byte)'-' ? double.NegativeInfinity
        : double.PositiveInfinity;
}
