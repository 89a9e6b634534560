using System.Text;
using System.Text.Unicode;

namespace CleanEventStore.Api.Routing;

/// <summary>
/// Splits the tail of a request path (a catch-all route value) into segments, exactly one way:
/// <list type="bullet">
/// <item>a <c>/</c> separates segments, and so does an encoded <c>%2F</c> (clients that encode a whole name, such as
/// JavaScript's <c>encodeURIComponent("orders/eu")</c>, send <c>orders%2Feu</c>; ASP.NET Core leaves <c>%2F</c> encoded
/// in the route value and decodes every other escape once);</item>
/// <item>empty segments are refused, never dropped: <c>a//b</c>, <c>a%2F%2Fb</c>, <c>%2Fa</c> and <c>a/</c> are 400, not
/// aliases of <c>a/b</c> or <c>a</c>;</item>
/// <item>a <c>%</c> may only appear in <c>%2F</c>; an encoded <c>%</c> (<c>%25</c>) and the dot segments <c>.</c> and
/// <c>..</c> (which the server would resolve before routing) are refused when the raw request target shows them, so no
/// second decoding and no path normalisation turns one name into another. No name, identifier or window value ever
/// contains <c>%</c> or is a dot segment, so nothing valid is lost.</item>
/// </list>
/// </summary>
public static class PathTail
{
    private const string OneSpelling = "a stream is named exactly one way, so a path is never rewritten into another name";

    /// <summary>The segments of the route value <paramref name="tail"/> of a request whose raw target is <paramref name="rawTarget"/> (null when unknown).</summary>
    public static bool TrySplit(string? tail, string? rawTarget, out List<string> segments, out string? error)
    {
        segments = [];
        if ((error = CheckRawTarget(rawTarget)) is not null)
        {
            return false;
        }

        if (string.IsNullOrEmpty(tail))
        {
            return true;
        }

        foreach (var raw in tail.Split('/'))
        {
            if (!TryDecode(raw, out var decoded))
            {
                error = $"The path segment \"{raw}\" has a malformed percent-encoding: only \"%2F\" may remain encoded.";
                return false;
            }

            segments.AddRange(decoded.Split('/'));
        }

        if (segments.Contains(string.Empty))
        {
            error = $"The path \"{string.Join('/', segments)}\" has an empty segment: stream names have no empty segments and no leading or trailing \"/\" ({OneSpelling}).";
            segments = [];
            return false;
        }

        return true;
    }

    /// <summary>
    /// One route segment (a consumer identifier): <c>%2F</c> decoded to <c>/</c> (which no identifier contains, so the
    /// use case refuses it with its own message); any other remaining <c>%</c> is malformed.
    /// </summary>
    public static bool TryDecode(string value, out string decoded)
    {
        decoded = value;
        if (!value.Contains('%', StringComparison.Ordinal))
        {
            return true;
        }

        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] != '%')
            {
                builder.Append(value[i]);
            }
            else if (i + 2 < value.Length && value[i + 1] == '2' && (value[i + 2] | 0x20) == 'f')
            {
                builder.Append('/');
                i += 2;
            }
            else
            {
                return false;
            }
        }

        decoded = builder.ToString();
        return true;
    }

    /// <summary>Refuses an encoded <c>%</c> and dot segments in the raw request target (before the server decoded it).</summary>
    public static string? CheckRawTarget(string? rawTarget)
    {
        if (string.IsNullOrEmpty(rawTarget))
        {
            return null;
        }

        var query = rawTarget.IndexOf('?', StringComparison.Ordinal);
        var path = query < 0 ? rawTarget : rawTarget[..query];
        if (path.Contains("%25", StringComparison.Ordinal))
        {
            return $"The path \"{path}\" contains \"%25\", an encoded \"%\": no stream name, consumer identifier or window value contains \"%\" ({OneSpelling}).";
        }

        foreach (var segment in path.Split('/'))
        {
            if (segment.Length is > 0 and <= 9 && StrictDecode(segment) is "." or "..")
            {
                return $"The path \"{path}\" contains the dot segment \"{segment}\", which the server would resolve ({OneSpelling}).";
            }
        }

        return null;
    }

    /// <summary>Percent-decodes a raw segment (every <c>%</c> followed by two hex digits, UTF-8), or null when it is malformed.</summary>
    private static string? StrictDecode(string value)
    {
        if (!value.Contains('%', StringComparison.Ordinal))
        {
            return value;
        }

        var bytes = new List<byte>(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] != '%')
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(value[i].ToString()));
                continue;
            }

            if (i + 2 >= value.Length || !char.IsAsciiHexDigit(value[i + 1]) || !char.IsAsciiHexDigit(value[i + 2]))
            {
                return null;
            }

            bytes.Add(Convert.ToByte(value.Substring(i + 1, 2), 16));
            i += 2;
        }

        var array = bytes.ToArray();
        return Utf8.IsValid(array) ? Encoding.UTF8.GetString(array) : null;
    }
}
