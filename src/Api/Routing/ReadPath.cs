using System.Globalization;
using CleanEventStore.Domain.Streams;

namespace CleanEventStore.Api.Routing;

/// <summary>
/// The read-window grammar: <c>[/from/{n}][/until/{n}][/forwards/{n}][/backwards/{n}]</c>, pairs in any order
/// (the last of a repeated name wins). For streams and categories the pairs are peeled off the end of the path
/// and the rest is the (possibly hierarchical) name; for joins the whole tail must be pairs.
/// </summary>
public sealed record ReadPath(string Name, ReadWindow Window)
{
    private static readonly string[] OptionNames = ["from", "until", "forwards", "backwards"];

    /// <summary>Splits <c>name[/pairs…]</c>; the error is the protocol's 400 message.</summary>
    public static bool TryParseNamed(IReadOnlyList<string> segments, out ReadPath? path, out string? error)
    {
        var end = segments.Count;
        while (end >= 3 && IsOption(segments[end - 2]))
        {
            end -= 2;
        }

        path = null;
        if (!TryParseWindow(segments, end, out var window, out error))
        {
            return false;
        }

        path = new ReadPath(string.Join('/', segments.Take(end)), window!);
        return true;
    }

    /// <summary>A tail that must consist of pairs only (joins); <paramref name="unknownRoute"/> when it does not.</summary>
    public static bool TryParsePairs(IReadOnlyList<string> segments, out ReadWindow? window, out string? error, out bool unknownRoute)
    {
        window = null;
        unknownRoute = segments.Count % 2 != 0 || segments.Where((_, i) => i % 2 == 0).Any(name => !IsOption(name));
        if (unknownRoute)
        {
            error = "Unknown route.";
            return false;
        }

        return TryParseWindow(segments, 0, out window, out error);
    }

    private static bool IsOption(string name) => OptionNames.Contains(name, StringComparer.Ordinal);

    private static bool TryParseWindow(IReadOnlyList<string> segments, int start, out ReadWindow? window, out string? error)
    {
        window = null;
        RevisionBound? from = null;
        RevisionBound? until = null;
        long? forwards = null;
        long? backwards = null;
        for (var i = start; i + 1 < segments.Count; i += 2)
        {
            var name = segments[i];
            var value = segments[i + 1];
            switch (name)
            {
                case "from":
                case "until":
                    if (RevisionBound.IsZero(value))
                    {
                        error = $"{name} must not be 0.";
                        return false;
                    }

                    if (!RevisionBound.TryParse(value, out var bound))
                    {
                        error = $"{name} must be an integer, \"start\", or \"end\".";
                        return false;
                    }

                    if (name == "from")
                    {
                        from = bound;
                    }
                    else
                    {
                        until = bound;
                    }

                    break;
                default:
                    if (!TryParsePositive(value, out var amount))
                    {
                        error = $"{name} must be a positive integer.";
                        return false;
                    }

                    if (name == "forwards")
                    {
                        forwards = amount;
                    }
                    else
                    {
                        backwards = amount;
                    }

                    break;
            }
        }

        if (forwards is not null && backwards is not null)
        {
            error = "Specify either forwards or backwards, not both.";
            return false;
        }

        error = null;
        window = new ReadWindow(from, until, backwards is null ? ReadDirection.Forwards : ReadDirection.Backwards, forwards ?? backwards);
        return true;
    }

    /// <summary>A positive decimal integer (no sign, no spaces).</summary>
    public static bool TryParsePositive(string value, out long number)
    {
        number = 0;
        return value.Length > 0
            && !value.AsSpan().ContainsAnyExceptInRange('0', '9')
            && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out number)
            && number > 0;
    }
}
