using System.Globalization;

namespace CleanEventStore.Domain.Streams;

/// <summary>
/// One bound of a read window as written on the wire: <c>start</c>, <c>end</c>, or a non-zero integer.
/// Positive numbers are 1-based revisions (or global positions); negative numbers count from the end (-1 = last).
/// </summary>
public readonly record struct RevisionBound
{
    private enum BoundKind : byte
    {
        Number,
        Start,
        End,
    }

    private readonly BoundKind _kind;
    private readonly long _number;

    private RevisionBound(BoundKind kind, long number)
    {
        _kind = kind;
        _number = number;
    }

    public static RevisionBound Start { get; } = new(BoundKind.Start, 0);

    public static RevisionBound End { get; } = new(BoundKind.End, 0);

    public static RevisionBound At(long revision) =>
        revision != 0 ? new RevisionBound(BoundKind.Number, revision) : throw new ArgumentOutOfRangeException(nameof(revision), "A revision is never 0.");

    /// <summary>Parses <c>start</c>, <c>end</c> or a non-zero integer (<c>^-?\d+$</c>).</summary>
    public static bool TryParse(string? text, out RevisionBound bound)
    {
        bound = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        if (text == "start")
        {
            bound = Start;
            return true;
        }

        if (text == "end")
        {
            bound = End;
            return true;
        }

        var digits = text[0] == '-' ? text.AsSpan(1) : text.AsSpan();
        if (digits.IsEmpty || digits.ContainsAnyExceptInRange('0', '9'))
        {
            return false;
        }

        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) || number == 0)
        {
            return false;
        }

        bound = new RevisionBound(BoundKind.Number, number);
        return true;
    }

    /// <summary>True for the literal integer 0 (any sign, any number of zeros), which the protocol rejects with its own message.</summary>
    public static bool IsZero(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var digits = text.AsSpan().TrimStart('-');
        return !digits.IsEmpty && !digits.ContainsAnyExceptInRange('0', '9') && digits.TrimStart('0').IsEmpty;
    }

    /// <summary>True for <c>end</c> and negative numbers: bounds that name a place relative to the end, which moves.</summary>
    public bool CountsFromEnd => _kind == BoundKind.End || (_kind == BoundKind.Number && _number < 0);

    /// <summary>
    /// Resolves against <paramref name="length"/> (the number of events in the stream or the log): start = 1,
    /// end = length, a negative number counts from the end and is clamped to the first event.
    /// </summary>
    public long Resolve(long length) => _kind switch
    {
        BoundKind.Start => 1,
        BoundKind.End => length,
        _ when _number > 0 => _number,
        _ => Math.Max(1, length + _number + 1),
    };

    public override string ToString() => _kind switch
    {
        BoundKind.Start => "start",
        BoundKind.End => "end",
        _ => _number.ToString(CultureInfo.InvariantCulture),
    };
}
