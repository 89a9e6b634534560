using System.Globalization;

namespace CleanEventStore.Client;

/// <summary>
/// What a commit expects of its stream: <see cref="Any"/> version (no check, the default), <see cref="Empty"/> (the
/// stream must not exist yet), or <see cref="Exactly"/> a number of events. A commit whose expectation does not hold
/// is refused with <see cref="WrongExpectedVersionException"/> and writes nothing.
/// </summary>
public readonly struct ExpectedVersion : IEquatable<ExpectedVersion>
{
    private const long EmptyValue = 0;

    // default(ExpectedVersion) is Any: the field holds the version + 1, so 0 means "any".
    private readonly long _valuePlusOne;

    private ExpectedVersion(long value) => _valuePlusOne = value + 1;

    /// <summary>No expectation: the commit is appended whatever the stream's version (the server's default).</summary>
    public static ExpectedVersion Any => default;

    /// <summary>The stream must not exist yet (have no event).</summary>
    public static ExpectedVersion Empty => new(EmptyValue);

    /// <summary>True for <see cref="Any"/>.</summary>
    public bool IsAny => _valuePlusOne == 0;

    /// <summary>
    /// The number of events the stream must have when the commit is written (the <see cref="CommitResult.Version"/> of
    /// the previous commit, or the version a read saw); 0 is the same as <see cref="Empty"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="version"/> is negative.</exception>
    public static ExpectedVersion Exactly(long version)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(version);
        return new(version);
    }

    /// <summary>The expected number of events, or null for <see cref="Any"/>.</summary>
    public long? Version => IsAny ? null : _valuePlusOne - 1;

    /// <summary>Compares two expectations.</summary>
    public static bool operator ==(ExpectedVersion left, ExpectedVersion right) => left.Equals(right);

    /// <summary>Compares two expectations.</summary>
    public static bool operator !=(ExpectedVersion left, ExpectedVersion right) => !left.Equals(right);

    /// <inheritdoc/>
    public bool Equals(ExpectedVersion other) => _valuePlusOne == other._valuePlusOne;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ExpectedVersion other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _valuePlusOne.GetHashCode();

    /// <summary><c>any</c>, <c>empty</c> or the number, as the commit body spells it.</summary>
    public override string ToString() => _valuePlusOne switch
    {
        0 => "any",
        EmptyValue + 1 => "empty",
        _ => (_valuePlusOne - 1).ToString(CultureInfo.InvariantCulture),
    };
}
