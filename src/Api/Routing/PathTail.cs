using System.Text;
using System.Text.Unicode;

namespace CleanEventStore.Api.Routing;

/// <summary>
/// Splits the tail of a request path into decoded segments, as the wire protocol does: empty segments are
/// dropped, every segment is percent-decoded once more (ASP.NET Core leaves <c>%2F</c> encoded, so
/// <c>orders%2Feu</c> names <c>orders/eu</c>), and a decoded <c>/</c> separates segments too. A malformed escape
/// such as a lone <c>%</c> is a client error, never a 500.
/// </summary>
public static class PathTail
{
    /// <summary>The segments of <paramref name="tail"/>, or an error message naming the bad segment.</summary>
    public static bool TrySplit(string? tail, out List<string> segments, out string? error)
    {
        segments = [];
        error = null;
        if (string.IsNullOrEmpty(tail))
        {
            return true;
        }

        foreach (var raw in tail.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!TryDecode(raw, out var decoded))
            {
                error = $"The path segment \"{raw}\" has a malformed percent-encoding.";
                return false;
            }

            foreach (var part in decoded.Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                segments.Add(part);
            }
        }

        return true;
    }

    /// <summary>Strict percent-decoding: every <c>%</c> must start two hex digits, and the bytes must be UTF-8.</summary>
    public static bool TryDecode(string value, out string decoded)
    {
        if (!value.Contains('%', StringComparison.Ordinal))
        {
            decoded = value;
            return true;
        }

        decoded = value;
        var bytes = new List<byte>(value.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '%')
            {
                if (i + 2 >= value.Length || !char.IsAsciiHexDigit(value[i + 1]) || !char.IsAsciiHexDigit(value[i + 2]))
                {
                    return false;
                }

                bytes.Add((byte)((HexValue(value[i + 1]) << 4) | HexValue(value[i + 2])));
                i += 2;
                continue;
            }

            var rune = char.IsSurrogatePair(value, i) ? new Rune(value[i], value[++i]) : new Rune(c);
            var written = rune.EncodeToUtf8(utf8);
            for (var b = 0; b < written; b++)
            {
                bytes.Add(utf8[b]);
            }
        }

        var array = bytes.ToArray();
        if (!Utf8.IsValid(array))
        {
            return false;
        }

        decoded = Encoding.UTF8.GetString(array);
        return true;
    }

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
