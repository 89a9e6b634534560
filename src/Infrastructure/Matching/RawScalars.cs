using System.Buffers;
using System.Text.Json;
using CleanEventStore.Domain.Matching;

namespace CleanEventStore.Infrastructure.Matching;

/// <summary>
/// Comparisons of the current token of a <see cref="Utf8JsonReader"/> with the matcher's compiled scalars, on the raw
/// UTF-8 (strict equality, <c>$in</c>-style "any of", and the ordering operators), without allocating.
/// </summary>
internal static class RawScalars
{
    private const int MaxStackChars = 256;

    /// <summary>Equality of the current string or property name, unescaped, with UTF-8 text.</summary>
    public static bool TextEquals(ref Utf8JsonReader reader, byte[] utf8) =>
        reader.ValueIsEscaped ? EscapedTextEquals(ref reader, utf8) : reader.ValueSpan.SequenceEqual(utf8);

    private static bool EscapedTextEquals(ref Utf8JsonReader reader, byte[] utf8)
    {
        try
        {
            return reader.ValueTextEquals(utf8);
        }
        catch (InvalidOperationException)
        {
            // An unpaired surrogate escape ("\ud800"): such a string never equals well-formed matcher text.
            return false;
        }
    }

    /// <summary>Strict equality of the current token with a scalar; false for objects and arrays.</summary>
    public static bool ScalarEquals(ref Utf8JsonReader reader, CompiledScalar scalar) => scalar.Kind switch
    {
        JsonScalarKind.Text => reader.TokenType == JsonTokenType.String && TextEquals(ref reader, scalar.Utf8),
        JsonScalarKind.Number => reader.TokenType == JsonTokenType.Number && JsonSyntax.ReadNumber(ref reader) == scalar.Number,
        JsonScalarKind.Boolean => reader.TokenType == (scalar.Boolean ? JsonTokenType.True : JsonTokenType.False),
        _ => reader.TokenType == JsonTokenType.Null,
    };

    /// <summary>Strict equality of the current token with any of <paramref name="scalars"/> (the number is read once).</summary>
    public static bool EqualsAny(ref Utf8JsonReader reader, CompiledScalar[] scalars)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                foreach (var scalar in scalars)
                {
                    if (scalar.Kind == JsonScalarKind.Text && TextEquals(ref reader, scalar.Utf8))
                    {
                        return true;
                    }
                }

                return false;
            case JsonTokenType.Number:
                var number = JsonSyntax.ReadNumber(ref reader);
                foreach (var scalar in scalars)
                {
                    if (scalar.Kind == JsonScalarKind.Number && scalar.Number == number)
                    {
                        return true;
                    }
                }

                return false;
            case JsonTokenType.True:
            case JsonTokenType.False:
                var boolean = reader.TokenType == JsonTokenType.True;
                foreach (var scalar in scalars)
                {
                    if (scalar.Kind == JsonScalarKind.Boolean && scalar.Boolean == boolean)
                    {
                        return true;
                    }
                }

                return false;
            case JsonTokenType.Null:
                foreach (var scalar in scalars)
                {
                    if (scalar.Kind == JsonScalarKind.Null)
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }

    /// <summary><c>$gt $gte $lt $lte</c>: number with number, string with string; any other pairing is false.</summary>
    public static bool Compare(ref Utf8JsonReader reader, MatcherOperator op, CompiledScalar operand)
    {
        int order;
        if (operand.Kind == JsonScalarKind.Number && reader.TokenType == JsonTokenType.Number)
        {
            order = JsonSyntax.ReadNumber(ref reader).CompareTo(operand.Number);
        }
        else if (operand.Kind == JsonScalarKind.Text && reader.TokenType == JsonTokenType.String)
        {
            if (!TryCompareText(ref reader, operand, out order))
            {
                return false;
            }
        }
        else
        {
            return false;
        }

        return op switch
        {
            MatcherOperator.GreaterThan => order > 0,
            MatcherOperator.GreaterThanOrEqual => order >= 0,
            MatcherOperator.LessThan => order < 0,
            _ => order <= 0,
        };
    }

    /// <summary>Ordinal UTF-16 comparison of the current string token with <paramref name="operand"/>.</summary>
    private static bool TryCompareText(ref Utf8JsonReader reader, CompiledScalar operand, out int order)
    {
        var raw = reader.ValueSpan;
        if (!reader.ValueIsEscaped && operand.IsAscii)
        {
            order = raw.SequenceCompareTo(operand.Utf8);
            return true;
        }

        // Unescaped UTF-16 never has more code units than the escaped UTF-8 has bytes.
        char[]? rented = null;
        var buffer = raw.Length <= MaxStackChars
            ? stackalloc char[MaxStackChars]
            : (rented = ArrayPool<char>.Shared.Rent(raw.Length));
        try
        {
            var length = reader.CopyString(buffer);
            order = buffer[..length].SequenceCompareTo(operand.Text);
            return true;
        }
        catch (InvalidOperationException)
        {
            // An unpaired surrogate escape: not representable, treated as incomparable.
            order = 0;
            return false;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }
}
