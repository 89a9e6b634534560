using System.Text;
using System.Text.Json;
using CleanEventStore.Application.Abstractions.Matching;
using CleanEventStore.Application.Common.Options;
using CleanEventStore.Domain.Matching;
using Microsoft.Extensions.Options;

namespace CleanEventStore.Infrastructure.Matching;

/// <summary>
/// Parses object matchers (seed engine 2.10, HTTP protocol 4.4) into the <see cref="Matcher"/> model:
/// <list type="bullet">
/// <item>the root is always an object; its keys are property names (even when they start with <c>$</c>);</item>
/// <item>a scalar value means strict equality, an array "equals any of its scalar elements" (object and array
/// elements can never be equal to anything and are dropped; an array left without scalars never matches);</item>
/// <item>a nested object whose keys all start with <c>$</c> is an operator object, any other nested object
/// (including <c>{}</c> and objects mixing <c>$</c> keys with normal keys) is a nested property pattern;</item>
/// <item>a repeated key keeps its last value, as <c>JSON.parse</c> does.</item>
/// </list>
/// Results are cached by their exact text in an LRU of <see cref="EventStoreOptions.MatcherCacheSize"/> entries
/// (0 disables it), so a repeated text yields the same <see cref="Matcher"/> instance while cached. Errors are not cached.
/// </summary>
public sealed class MatcherParser : IMatcherParser
{
    /// <summary>How deep a matcher may nest.</summary>
    public const int MaxDepth = 64;

    private const string KnownOperators = "$gt, $gte, $lt, $lte, $eq, $ne, $has, $hasAny";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = MaxDepth };

    private readonly MatcherCache? _cache;

    public MatcherParser(IOptions<EventStoreOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var capacity = options.Value.MatcherCacheSize;
        _cache = capacity > 0 ? new MatcherCache(capacity) : null;
    }

    /// <summary>Number of cached matchers (for diagnostics and tests).</summary>
    public int CachedCount => _cache?.Count ?? 0;

    public ParseResult<Matcher> Parse(string json, string label)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(label);
        if (_cache is not null && _cache.TryGet(json, out var cached))
        {
            return ParseResult<Matcher>.Ok(cached);
        }

        byte[] utf8;
        try
        {
            utf8 = StrictUtf8.GetBytes(json);
        }
        catch (EncoderFallbackException)
        {
            // Unpaired surrogates: not representable as UTF-8 JSON.
            return ParseResult<Matcher>.Fail(Invalid(label));
        }

        return ParseAndCache(json, utf8, label);
    }

    public ParseResult<Matcher> Parse(ReadOnlySpan<byte> utf8Json, string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        string text;
        try
        {
            text = StrictUtf8.GetString(utf8Json);
        }
        catch (DecoderFallbackException)
        {
            return ParseResult<Matcher>.Fail(Invalid(label));
        }

        if (_cache is not null && _cache.TryGet(text, out var cached))
        {
            return ParseResult<Matcher>.Ok(cached);
        }

        return ParseAndCache(text, utf8Json, label);
    }

    private ParseResult<Matcher> ParseAndCache(string text, ReadOnlySpan<byte> utf8Json, string label)
    {
        var result = ParseCore(utf8Json, label);
        return result.Succeeded && _cache is not null
            ? ParseResult<Matcher>.Ok(_cache.GetOrAdd(text, result.Value!))
            : result;
    }

    private static ParseResult<Matcher> ParseCore(ReadOnlySpan<byte> utf8Json, string label)
    {
        // Syntax first, so that malformed JSON is reported as such even when an earlier part is semantically wrong.
        var first = JsonSyntax.FirstTokenOfSingleValue(utf8Json, MaxDepth);
        if (first == JsonTokenType.None)
        {
            return ParseResult<Matcher>.Fail(Invalid(label));
        }

        if (first != JsonTokenType.StartObject)
        {
            return ParseResult<Matcher>.Fail($"{label} must be a JSON object.");
        }

        try
        {
            var reader = new Utf8JsonReader(utf8Json, ReaderOptions);
            reader.Read();
            string? error = null;
            var root = ReadObjectPattern(ref reader, label, ref error);
            return error is null
                ? ParseResult<Matcher>.Ok(new Matcher(root, CanonicalJson.Write(utf8Json)))
                : ParseResult<Matcher>.Fail(error);
        }
        catch (InvalidOperationException)
        {
            // A string with an unpaired surrogate escape ("\ud800") cannot become a .NET string.
            return ParseResult<Matcher>.Fail(Invalid(label));
        }
    }

    private static string Invalid(string label) => $"Invalid {label}.";

    /// <summary>Reads the object at the reader (on <c>StartObject</c>) as property patterns; the reader ends on its <c>EndObject</c>.</summary>
    private static ObjectPattern ReadObjectPattern(ref Utf8JsonReader reader, string label, ref string? error)
    {
        var properties = new List<PropertyPattern>();
        Dictionary<string, int>? positions = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            var pattern = ReadPattern(ref reader, label, ref error);
            if (error is not null)
            {
                return ObjectPattern.Empty;
            }

            positions ??= new Dictionary<string, int>(StringComparer.Ordinal);
            if (positions.TryGetValue(name, out var index))
            {
                properties[index] = new PropertyPattern(name, pattern!);
            }
            else
            {
                positions.Add(name, properties.Count);
                properties.Add(new PropertyPattern(name, pattern!));
            }
        }

        return properties.Count == 0 ? ObjectPattern.Empty : new ObjectPattern(properties);
    }

    private static Pattern? ReadPattern(ref Utf8JsonReader reader, string label, ref string? error) => reader.TokenType switch
    {
        JsonTokenType.StartObject => IsOperatorObject(reader)
            ? ReadOperatorPattern(ref reader, label, ref error)
            : ReadObjectPattern(ref reader, label, ref error),
        JsonTokenType.StartArray => new AnyOfPattern(ReadScalars(ref reader)),
        _ => new ScalarPattern(ReadScalar(ref reader)),
    };

    /// <summary>True when the object at <paramref name="probe"/> (a copy; the caller's reader does not move) has keys and all start with <c>$</c>.</summary>
    private static bool IsOperatorObject(Utf8JsonReader probe)
    {
        var any = false;
        while (probe.Read() && probe.TokenType == JsonTokenType.PropertyName)
        {
            if (!probe.GetString()!.StartsWith('$'))
            {
                return false;
            }

            any = true;
            probe.Skip();
        }

        return any;
    }

    private static OperatorPattern? ReadOperatorPattern(ref Utf8JsonReader reader, string label, ref string? error)
    {
        var tests = new List<OperatorTest>();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            var test = ReadOperatorTest(name, ref reader, label, ref error);
            if (test is null)
            {
                return null;
            }

            // A repeated operator keeps its last operand, as JSON.parse does.
            var index = tests.FindIndex(t => t.Operator == test.Operator);
            if (index >= 0)
            {
                tests[index] = test;
            }
            else
            {
                tests.Add(test);
            }
        }

        return new OperatorPattern(tests);
    }

    private static OperatorTest? ReadOperatorTest(string name, ref Utf8JsonReader reader, string label, ref string? error)
    {
        MatcherOperator? op = name switch
        {
            "$gt" => MatcherOperator.GreaterThan,
            "$gte" => MatcherOperator.GreaterThanOrEqual,
            "$lt" => MatcherOperator.LessThan,
            "$lte" => MatcherOperator.LessThanOrEqual,
            "$eq" => MatcherOperator.Equal,
            "$ne" => MatcherOperator.NotEqual,
            "$has" => MatcherOperator.Has,
            "$hasAny" => MatcherOperator.HasAny,
            _ => null,
        };
        if (op is null)
        {
            error = $"{label} uses an unknown operator \"{name}\". Known operators: {KnownOperators}.";
            return null;
        }

        if (op == MatcherOperator.HasAny)
        {
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                error = $"{label} operator \"$hasAny\" needs an array of values.";
                return null;
            }

            return new OperatorTest(MatcherOperator.HasAny, JsonScalar.Null, ReadScalars(ref reader));
        }

        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            error = $"{label} operator \"{name}\" needs a string, number, boolean or null operand.";
            return null;
        }

        return new OperatorTest(op.Value, ReadScalar(ref reader), []);
    }

    /// <summary>The scalar elements of the array at the reader; object and array elements are skipped (they never equal anything).</summary>
    private static JsonScalar[] ReadScalars(ref Utf8JsonReader reader)
    {
        var values = new List<JsonScalar>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                reader.Skip();
            }
            else
            {
                values.Add(ReadScalar(ref reader));
            }
        }

        return [.. values];
    }

    private static JsonScalar ReadScalar(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => JsonScalar.FromString(reader.GetString()!),
        JsonTokenType.Number => JsonScalar.FromNumber(JsonSyntax.ReadNumber(ref reader)),
        JsonTokenType.True => JsonScalar.FromBoolean(true),
        JsonTokenType.False => JsonScalar.FromBoolean(false),
        _ => JsonScalar.Null,
    };
}
