using System.Collections.Concurrent;
using System.IO.Hashing;
using System.Text.Json;
using CleanEventStore.Application.Common.Json;
using CleanEventStore.Domain.Streams;

namespace CleanEventStore.Infrastructure.Storage.Common;

/// <summary>
/// Finds the derived streams of an event from its payload: the stream named like the value at
/// <c>TypeAccessor</c> (a string) and <c>tags/&lt;tag&gt;</c> for each string in the array at <c>TagsAccessor</c>.
/// Paths are dot-separated. Non-string values are skipped, as in the original; a value that does not make a valid
/// stream name fails the whole commit, and so does one that breaks a name-level rule of <see cref="StreamNamespace"/>
/// (a type under <c>tags/</c>, a reserved name). Type values repeat endlessly, so the validated name of each raw type
/// value is cached (bounded): the common event costs one scan of its payload and no allocation.
/// </summary>
internal sealed class EventTagExtractor
{
    private const int MaxCachedTypes = 4096;
    private readonly ConcurrentDictionary<ulong, CachedType> _types = new();

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
    /// The derived stream names of <paramref name="payload"/>, or null when it has none; <paramref name="error"/> is set
    /// (and null returned) when one is not a valid stream name or, with <paramref name="enforceNamespace"/>, breaks a
    /// name-level namespace rule. Recovery replays what was written before those rules with
    /// <paramref name="enforceNamespace"/> off, so that it rebuilds exactly the memberships the writer made then. An
    /// event with only a type gets a shared array.
    /// </summary>
    public IReadOnlyList<string>? Extract(ReadOnlySpan<byte> payload, bool enforceNamespace, out string? error)
    {
        error = null;
        ReadOnlySpan<byte> typeValue = default;
        ReadOnlySpan<byte> tagsValue = default;
        if (_typePath.Length <= 1 && _tagsPath.Length <= 1)
        {
            FindTopLevel(payload, out typeValue, out tagsValue);
        }
        else
        {
            if (_typePath.Length > 0)
            {
                TryFind(payload, _typePath, out typeValue);
            }

            if (_tagsPath.Length > 0)
            {
                TryFind(payload, _tagsPath, out tagsValue);
            }
        }

        CachedType? type = null;
        if (!typeValue.IsEmpty && typeValue[0] == (byte)'"')
        {
            type = TypeOf(typeValue);
            if ((type.Error ?? (enforceNamespace ? type.NamespaceError : null)) is { } refused)
            {
                error = refused;
                return null;
            }
        }

        if (tagsValue.IsEmpty || tagsValue[0] != (byte)'[')
        {
            return type?.Names;
        }

        var names = new List<string>(4);
        if (type?.Names is { } typeNames)
        {
            names.AddRange(typeNames);
        }

        error = ExtractTags(tagsValue, names, enforceNamespace);
        return error is not null ? null : names.Count > 0 ? names : null;
    }

    /// <summary>Both accessors are top-level properties (the usual <c>type</c> and <c>tags</c>): one pass finds both.</summary>
    private void FindTopLevel(ReadOnlySpan<byte> json, out ReadOnlySpan<byte> typeValue, out ReadOnlySpan<byte> tagsValue)
    {
        typeValue = default;
        tagsValue = default;
        var wantType = _typePath.Length == 1;
        var wantTags = _tagsPath.Length == 1;
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return;
        }

        while ((wantType || wantTags) && reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isType = wantType && reader.NameIs(_typePath[0]);
            var isTags = !isType && wantTags && reader.NameIs(_tagsPath[0]);
            reader.Read();
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            if (isType)
            {
                typeValue = json[start..(int)reader.BytesConsumed];
                wantType = false;
            }
            else if (isTags)
            {
                tagsValue = json[start..(int)reader.BytesConsumed];
                wantTags = false;
            }
        }
    }

    private CachedType TypeOf(ReadOnlySpan<byte> rawValue)
    {
        var key = XxHash3.HashToUInt64(rawValue);
        if (_types.TryGetValue(key, out var cached) && rawValue.SequenceEqual(cached.Raw))
        {
            return cached;
        }

        var type = ReadString(rawValue);
        cached = type.Length == 0
            ? new CachedType(rawValue.ToArray(), null, null, null)
            : StreamName.Validate(type, "type", allowAll: false) is not null
                ? new CachedType(rawValue.ToArray(), null, $"Invalid stream name \"{type}\" derived from path \"{_typeAccessor}\".", null)
                : new CachedType(rawValue.ToArray(), [type], null, StreamNamespace.RefuseTypeName(type));
        if (_types.Count < MaxCachedTypes)
        {
            _types[key] = cached;
        }

        return cached;
    }

    private string? ExtractTags(ReadOnlySpan<byte> tagsValue, List<string> names, bool enforceNamespace)
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

            var tag = reader.StringOrEscaped();
            if (tag.Length == 0)
            {
                continue;
            }

            var name = StreamNamespace.TagPrefix + tag;
            if (StreamName.Validate(name, "tag", allowAll: false) is not null)
            {
                return $"Invalid stream name \"{name}\" derived from path \"{_tagsAccessor}\".";
            }

            if (enforceNamespace && StreamNamespace.RefuseTagName(tag, name) is { } refused)
            {
                return refused;
            }

            if (!names.Contains(name))
            {
                names.Add(name);
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
                var match = reader.NameIs(path[level]);
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
        return reader.StringOrEscaped();
    }

    /// <summary>A raw type value: its stream name, or why it is no valid name (<paramref name="Error"/>) or breaks a namespace rule.</summary>
    private sealed record CachedType(byte[] Raw, string[]? Names, string? Error, string? NamespaceError);

    private static byte[][] Split(string accessor) =>
        string.IsNullOrWhiteSpace(accessor)
            ? []
            : [.. accessor.Split('.', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(System.Text.Encoding.UTF8.GetBytes)];
}
