namespace CleanEventStore.Domain.Consumers;

/// <summary>Identifier of a durable consumer: 1..128 characters of letters, digits, <c>-</c> and <c>_</c>.</summary>
public readonly record struct ConsumerId
{
    public const int MaxLength = 128;

    private ConsumerId(string value) => Value = value;

    public string Value { get; }

    public override string ToString() => Value;

    public static string? Validate(string? value, string label = "identifier")
    {
        if (string.IsNullOrEmpty(value))
        {
            return $"{label} must not be empty.";
        }

        if (value.Length > MaxLength)
        {
            return $"{label} must be at most {MaxLength} characters long.";
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '_')
            {
                return $"{label} may only contain letters, numbers, \"-\" and \"_\".";
            }
        }

        return null;
    }

    public static ConsumerId Parse(string? value)
    {
        var error = Validate(value);
        return error is null ? new ConsumerId(value!) : throw new ArgumentException(error, nameof(value));
    }

    public static bool TryParse(string? value, out ConsumerId id)
    {
        id = Validate(value) is null ? new ConsumerId(value!) : default;
        return id.Value is not null;
    }
}
