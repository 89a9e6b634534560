using System.Globalization;
using System.Text;

namespace CleanEventStore.Client;

/// <summary>Relative request targets (no leading <c>/</c>, so a base address with a path prefix keeps it).</summary>
internal static class Paths
{
    /// <summary>A name (stream, category, consumer) with each of its <c>/</c>-separated segments escaped.</summary>
    public static string Name(string name, string argument)
    {
        ArgumentException.ThrowIfNullOrEmpty(name, argument);
        if (!name.Contains('/', StringComparison.Ordinal))
        {
            return Uri.EscapeDataString(name);
        }

        var builder = new StringBuilder(name.Length + 8);
        foreach (var segment in name.Split('/'))
        {
            if (builder.Length > 0)
            {
                builder.Append('/');
            }

            builder.Append(Uri.EscapeDataString(segment));
        }

        return builder.ToString();
    }

    /// <summary><c>?a=1&amp;b=2</c> of the parameters that have a value (values escaped), or empty.</summary>
    public static string Query(params ReadOnlySpan<(string Name, string? Value)> parameters)
    {
        var builder = new StringBuilder();
        foreach (var (name, value) in parameters)
        {
            if (value is null)
            {
                continue;
            }

            builder.Append(builder.Length == 0 ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }

        return builder.ToString();
    }

    /// <summary><c>/from/{n}</c>, or empty.</summary>
    public static string From(long? from) =>
        from is { } value
            ? value == 0 ? throw new ArgumentOutOfRangeException(nameof(from), "Positions are 1-based (negative ones count from the end); 0 is not one.") : "/from/" + value.ToString(CultureInfo.InvariantCulture)
            : string.Empty;
}
