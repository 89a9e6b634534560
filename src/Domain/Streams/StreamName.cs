namespace CleanEventStore.Domain.Streams;

/// <summary>
/// The name of a stream: segments that start with an ASCII letter or digit and contain letters, digits and
/// <c>_</c>, separated by exactly one of <c>/ : @ ~ + = - # .</c>. <c>_all</c> names the global log.
/// </summary>
public readonly record struct StreamName
{
    /// <summary>Longest accepted name, in characters.</summary>
    public const int MaxLength = 256;

    /// <summary>The reserved name of the global log.</summary>
    public const string AllValue = "_all";

    /// <summary>The separators allowed between segments.</summary>
    public const string Separators = "/:@~+=-#.";

    public static readonly StreamName All = new(AllValue);

    private StreamName(string value) => Value = value;

    public string Value { get; }

    /// <summary>True for the global log <c>_all</c>.</summary>
    public bool IsAll => string.Equals(Value, AllValue, StringComparison.Ordinal);

    /// <summary>True for names that <c>GET /streams</c> hides (they start with <c>_</c>).</summary>
    public bool IsHidden => Value.Length > 0 && Value[0] == '_';

    public override string ToString() => Value;

    /// <summary>Parses <paramref name="value"/> or throws <see cref="ArgumentException"/> naming the problem.</summary>
    public static StreamName Parse(string? value, bool allowAll = false)
    {
        var error = Validate(value, "stream", allowAll);
        return error is null ? new StreamName(value!) : throw new ArgumentException(error, nameof(value));
    }

    public static bool TryParse(string? value, bool allowAll, out StreamName name)
    {
        if (Validate(value, "stream", allowAll) is null)
        {
            name = new StreamName(value!);
            return true;
        }

        name = default;
        return false;
    }

    /// <summary>
    /// Validates <paramref name="value"/> like <see cref="Validate"/> (messages prefixed with <paramref name="label"/>):
    /// true with the name, or false with the error message of the wire protocol.
    /// </summary>
    public static bool TryParse(string? value, string label, bool allowAll, out StreamName name, out string? error)
    {
        error = Validate(value, label, allowAll);
        name = error is null ? new StreamName(value!) : default;
        return error is null;
    }

    /// <summary>
    /// Returns <c>null</c> when <paramref name="value"/> is a valid name, else the error message of the wire
    /// protocol, prefixed with <paramref name="label"/> (for example <c>stream</c>, <c>streams</c>, <c>selector[0]</c>).
    /// </summary>
    public static string? Validate(string? value, string label, bool allowAll)
    {
        if (string.IsNullOrEmpty(value))
        {
            return $"{label} must not be empty.";
        }

        if (allowAll && string.Equals(value, AllValue, StringComparison.Ordinal))
        {
            return null;
        }

        if (value.Length > MaxLength)
        {
            return $"{label} must be at most {MaxLength} characters long.";
        }

        return IsWellFormed(value)
            ? null
            : $"{label} must use segments that start with a letter or number and may contain letters, numbers, \"_\", and separators: / : @ ~ + = - # .";
    }

    private static bool IsWellFormed(string value)
    {
        var atSegmentStart = true;
        foreach (var c in value)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                atSegmentStart = false;
            }
            else if (c == '_')
            {
                if (atSegmentStart)
                {
                    return false;
                }
            }
            else if (Separators.Contains(c, StringComparison.Ordinal))
            {
                if (atSegmentStart)
                {
                    return false;
                }

                atSegmentStart = true;
            }
            else
            {
                return false;
            }
        }

        return !atSegmentStart;
    }

    /// <summary>Creates a name that is known to be valid (from storage); no validation.</summary>
    public static StreamName FromTrusted(string value) => new(value);
}
