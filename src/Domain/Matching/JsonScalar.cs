using System.Globalization;

namespace CleanEventStore.Domain.Matching;

/// <summary>A JSON scalar of a matcher. Numbers compare as IEEE doubles, as in JavaScript.</summary>
public readonly record struct JsonScalar
{
    private JsonScalar(JsonScalarKind kind, string? text, double number, bool boolean)
    {
        Kind = kind;
        Text = text;
        Number = number;
        Boolean = boolean;
    }

    public JsonScalarKind Kind { get; }

    /// <summary>The string value (unescaped) when <see cref="Kind"/> is <see cref="JsonScalarKind.Text"/>.</summary>
    public string? Text { get; }

    public double Number { get; }

    public bool Boolean { get; }

    public static JsonScalar Null { get; } = new(JsonScalarKind.Null, null, 0, false);

    public static JsonScalar FromString(string value) => new(JsonScalarKind.Text, value ?? throw new ArgumentNullException(nameof(value)), 0, false);

    public static JsonScalar FromNumber(double value) => new(JsonScalarKind.Number, null, value, false);

    public static JsonScalar FromBoolean(bool value) => new(JsonScalarKind.Boolean, null, 0, value);

    public override string ToString() => Kind switch
    {
        JsonScalarKind.Text => Text!,
        JsonScalarKind.Number => Number.ToString("R", CultureInfo.InvariantCulture),
        JsonScalarKind.Boolean => Boolean ? "true" : "false",
        _ => "null",
    };
}
