using System.Text;
using CleanEventStore.Domain.Matching;

namespace CleanEventStore.Infrastructure.Matching;

/// <summary>A matcher scalar prepared for comparisons against raw JSON tokens.</summary>
internal sealed class CompiledScalar
{
    public CompiledScalar(JsonScalar value)
    {
        Kind = value.Kind;
        Number = value.Number;
        Boolean = value.Boolean;
        Text = value.Text ?? string.Empty;
        Utf8 = Kind == JsonScalarKind.Text ? Encoding.UTF8.GetBytes(Text) : [];
        IsAscii = Ascii.IsValid(Text);
    }

    public JsonScalarKind Kind { get; }

    public double Number { get; }

    public bool Boolean { get; }

    /// <summary>The string value (UTF-16), for ordinal comparisons.</summary>
    public string Text { get; }

    /// <summary>The string value as UTF-8, for equality with <c>ValueTextEquals</c>.</summary>
    public byte[] Utf8 { get; }

    /// <summary>
    /// True when <see cref="Text"/> is ASCII: then comparing unescaped UTF-8 bytes orders like comparing UTF-16
    /// code units (the first difference is either two ASCII bytes or a non-ASCII lead byte against ASCII).
    /// </summary>
    public bool IsAscii { get; }
}
