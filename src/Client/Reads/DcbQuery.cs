using System.Buffers;
using System.Text.Json;

namespace CleanEventStore.Client;

/// <summary>
/// A DCB query (<c>{"items":[{"types":[…],"tags":[…]}, …]}</c>): the events a decision depends on. Items are ORed; in
/// an item the tags are ANDed with any of the types.
/// </summary>
public sealed class DcbQuery
{
    /// <summary>A query of <paramref name="items"/> (at least one).</summary>
    /// <exception cref="ArgumentException">No item.</exception>
    public DcbQuery(params IReadOnlyList<DcbQueryItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count == 0)
        {
            throw new ArgumentException("A DCB query needs at least one item.", nameof(items));
        }

        Items = items;
    }

    /// <summary>The items, ORed.</summary>
    public IReadOnlyList<DcbQueryItem> Items { get; }

    /// <summary>Writes <c>{"items":[…]}</c>.</summary>
    internal void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("items"u8);
        foreach (var item in Items)
        {
            writer.WriteStartObject();
            if (item.Types.Count > 0)
            {
                WriteStrings(writer, "types"u8, item.Types);
            }

            if (item.Tags.Count > 0)
            {
                WriteStrings(writer, "tags"u8, item.Tags);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>The query's JSON (UTF-8).</summary>
    internal byte[] ToUtf8Json()
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteTo(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteStrings(Utf8JsonWriter writer, ReadOnlySpan<byte> name, IReadOnlyList<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
