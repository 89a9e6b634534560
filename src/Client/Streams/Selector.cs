using System.Text;
using System.Text.Json;

namespace CleanEventStore.Client;

/// <summary>
/// A selector of streams (joins, <c>/query</c>, DCB conditions), as the server's JSON: a stream name, or nested
/// arrays where depth 0 is OR, depth 1 AND, depth 2 OR…: <c>[["tags/featured","tags/eu",["OrderPlaced","OrderShipped"]]]</c>
/// is featured AND eu AND (placed OR shipped). <c>_all</c> in an OR makes it everything.
/// </summary>
public sealed class Selector
{
    private Selector(string json) => Json = json;

    /// <summary>The selector's JSON, sent as it is.</summary>
    public string Json { get; }

    /// <summary>Events of any of <paramref name="streams"/> (for example several type streams: <c>["OrderPlaced","OrderPaid"]</c>).</summary>
    /// <exception cref="ArgumentException">No stream, or an empty name.</exception>
    public static Selector AnyOf(params IEnumerable<string> streams)
    {
        ArgumentNullException.ThrowIfNull(streams);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            var count = 0;
            foreach (var stream in streams)
            {
                ArgumentException.ThrowIfNullOrEmpty(stream, nameof(streams));
                writer.WriteStringValue(stream);
                count++;
            }

            if (count == 0)
            {
                throw new ArgumentException("A selector needs at least one stream.", nameof(streams));
            }

            writer.WriteEndArray();
        }

        return new Selector(Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    /// <summary>The selector written as JSON (a string or nested arrays of strings).</summary>
    /// <exception cref="ArgumentException"><paramref name="json"/> is not one well-formed JSON value.</exception>
    public static Selector FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonText.EnsureValue(Encoding.UTF8.GetBytes(json), nameof(json));
        return new Selector(json);
    }

    /// <summary>The selector's JSON.</summary>
    public override string ToString() => Json;
}
