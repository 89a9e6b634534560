namespace CleanEventStore.Domain.Streams;

/// <summary>
/// The optimistic-concurrency expectation of a commit: <see cref="Any"/> (no check) or an exact number of events
/// the stream must hold (<see cref="Empty"/> = 0: the stream is new or empty).
/// </summary>
public readonly record struct ExpectedVersion
{
    private const long AnyValue = -1;

    private ExpectedVersion(long value) => Value = value;

    /// <summary>-1 for <see cref="Any"/>, else the exact stream version (number of events) expected.</summary>
    public long Value { get; }

    public static ExpectedVersion Any { get; } = new(AnyValue);

    public static ExpectedVersion Empty { get; } = new(0);

    public bool IsAny => Value == AnyValue;

    public static ExpectedVersion Exactly(long version) =>
        version >= 0 ? new ExpectedVersion(version) : throw new ArgumentOutOfRangeException(nameof(version), version, "An expected version is -1 (any) or a non-negative number of events.");

    /// <summary>-1 means any; other negative numbers are invalid.</summary>
    public static bool TryFromNumber(long value, out ExpectedVersion expected)
    {
        if (value < AnyValue)
        {
            expected = default;
            return false;
        }

        expected = new ExpectedVersion(value);
        return true;
    }

    /// <summary>Parses the wire spellings: "any", "empty", "emptystream" (case-insensitive, trimmed) or an integer.</summary>
    public static bool TryParse(string? text, out ExpectedVersion expected)
    {
        var trimmed = (text ?? string.Empty).Trim();
        if (trimmed.Equals("any", StringComparison.OrdinalIgnoreCase))
        {
            expected = Any;
            return true;
        }

        if (trimmed.Equals("empty", StringComparison.OrdinalIgnoreCase) || trimmed.Equals("emptystream", StringComparison.OrdinalIgnoreCase))
        {
            expected = Empty;
            return true;
        }

        if (long.TryParse(trimmed, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var number))
        {
            return TryFromNumber(number, out expected);
        }

        expected = default;
        return false;
    }

    /// <summary>True when a stream at <paramref name="actualVersion"/> satisfies this expectation.</summary>
    public bool IsSatisfiedBy(long actualVersion) => IsAny || Value == actualVersion;

    public override string ToString() => IsAny ? "any" : Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
