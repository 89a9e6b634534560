using System.Text.Json;
using CleanEventStore.Domain.Dcb;
using CleanEventStore.Domain.Streams;

namespace CleanEventStore.Infrastructure.Storage.File.Writing;

/// <summary>
/// Finds the derived streams of an event from its payload: the stream named like the value at
/// <c>TypeAccessor</c> (a string) and <c>tags/&lt;tag&gt;</c> for each string in the array at <c>TagsAccessor</c>.
/// Paths are dot-separated. Non-string values are skipped, as in the original; a value that does not make a valid
/// stream name fails the whole commit.
/// </summary>
internal sealed class EventTagExtractor
{
    private readonly byte[][] _typePath;
    private readonly byte[][] _tagsPath;
    private readonly string _typeAccessor;
    private readonly string _tagsAccessor;

    public EventTagExtractor(string? typeAccessor, string? tagsAccessor)
    {
        _typeAccessor = typeAccessor ?? string.Empty;
        _tagsAccessor = tagsAccessor ?? string.Empty;
        _typePath = Split(_typeAccessor);
        _tagsPath = Split(_tagsAccessor);
    }

    public bool IsEnabled => _typePath.Length > 0 || _tagsPath.Length > 0;

    /// <summary>
    /// Adds the derived stream names of <paramref name="payload"/> to <paramref name="names"/>; returns an error
    /// message (and adds nothing more) when one is not a valid stream name.
    /// </summary>
    public string? Extract(ReadOnlySpan<byte> payload, List<string> names)
    {
        if (_typePath.Length > 0 && TryFind(payload, _typePath, out var typeValue) && typeValue[0] == (byte)'"')
        {
            var type = ReadString(typeValue);
            if (type.Length > 0)
            {
                if (StreamName.Validate(type, "type", allowAll: false) is not null)
                {
                    return $"Invalid stream name \"{type}\" derived from path \"{_typeAccessor}\".";
                }

                names.Add(type);
            }
        }

        if (_tagsPath.Length > 0 && TryFind(payload, _tagsPath, out var tagsValue) && tagsValue[0] == (byte)'[')
        {
            var reader = new Utf8JsonReader(tagsValue);
            reader.Read();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.String)
                {
                    reader.Skip();
                    continue;
                }

                var tag = reader.GetString()!;
                if (tag.Length == 0)
                {
                    continue;
                }

                var name = DcbQuery.TagStreamPrefix + tag;
                if (StreamName.Validate(name, "tag", allowAll: false) is not null)
                {
                    return $"Invalid stream name \"{name}\" derived from path \"{_tagsAccessor}\".";
                }

                if (!names.Contains(name))
                {
                    names.Add(name);
                }
            }
        }

        return null;
    }

    /// <summary>The raw JSON of the value at <paramref name="path"/> inside the object <paramref name="json"/>.</summary>
    internal static bool TryFind(ReadOnlySpan<byte> json, byte[][] path, out ReadOnlySpan<byte> value)
    {
        value = default;
        var reader = new Utf8JsonReader(json);
        if (!reader.Read())
        {
            return false;
        }

        for (var level = 0; level < path.Length; level++)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            var found = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var match = reader.ValueTextEquals(path[level]);
                reader.Read();
                if (match)
                {
                    found = true;
                    break;
                }

                reader.Skip();
            }

            if (!found)
            {
                return false;
            }
        }

        var start = (int)reader.TokenStartIndex;
        reader.Skip();
        value = json[start..(int)reader.BytesConsumed];
        return true;
    }

    private static string ReadString(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read();
        return reader.GetString()!;
    }

    private static byte[][] Split(string accessor) =>
        string.IsNullOrWhiteSpace(accessor)
            ? []
            : [.. accessor.Split('.', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(System.Text.Encoding.UTF8.GetBytes)];
}
