using System.Globalization;
using System.Text;

namespace CleanEventStore.Infrastructure.Tests.Matching;

/// <summary>
/// Random stored documents and matchers drawn from shared pools, written as JSON text with random (but valid)
/// escaping and number spellings, so that the raw filter sees <c>"caf\u00e9"</c> where the matcher says "café" and
/// <c>1e2</c> where it says <c>100</c>. Values are modelled as: null, bool, string, <see cref="NumberValue"/>,
/// <see cref="List{T}"/> of values (array) and <see cref="ObjectValue"/> (ordered, distinct keys).
/// </summary>
internal sealed class RandomJson(int seed)
{
    private static readonly string[] Strings =
    [
        string.Empty, "a", "A", "b", "z", "Z", "OrderPlaced", "OrderShipped", "orders-1", "café", "cafe", "Zoë", "😀",
        "\uE000", "\uD7FF", "quote\"d", "back\\slash", "tab\tx", "line\nbreak", "ü", "日本", "a b", "$gt", "é", "1", "null",
    ];

    private static readonly string[] Keys =
    [
        "type", "amount", "tags", "name", "n", "s", "nested", "a", "b", "café", "$gt", "$x", "x y", string.Empty, "ключ", "😀",
    ];

    // Each group spells one value several ways.
    private static readonly string[][] Numbers =
    [
        ["0", "-0", "0.0", "0e5"], ["1", "1.0", "1e0", "10e-1"], ["100", "1e2", "1E+2", "100.0", "1.00e2"], ["-1"],
        ["2.5", "25e-1", "0.25e1"], ["-1.5", "-15e-1"], ["0.1", "1e-1"], ["3"], ["10"], ["123456789", "1.23456789e8"],
        ["1e308"], ["5e-324"], ["-100", "-1e2"], ["0.3", "3e-1"], ["1e400"], ["-1e400"],
    ];

    private static readonly string[] PlainKeys = [.. Keys.Where(k => !k.StartsWith('$'))];

    private static readonly string[] RootKeys = ["stream", "payload", "metadata"];

    private static readonly string[] Operators = ["$gt", "$gte", "$lt", "$lte", "$eq", "$ne", "$has", "$hasAny"];

    private static readonly string[] ArrayOperators = ["$has", "$hasAny", "$ne"];

    private static readonly string[] OrderOperators = ["$gte", "$lte", "$eq", "$gt", "$lt"];

    private static readonly string[] EqualityOperators = ["$eq", "$ne"];

    private readonly Random _random = new(seed);

    public object? Document()
    {
        var payload = _random.Next(10) == 0 ? Value(1) : Object(1, 2, 6);
        var metadata = Object(1, 1, 5);
        List<KeyValuePair<string, object?>> envelope =
        [
            new("stream", Pick(Strings)),
            new("payload", payload),
            new("metadata", metadata),
        ];
        if (_random.Next(4) == 0)
        {
            Shuffle(envelope);
        }

        return new ObjectValue(envelope);
    }

    /// <summary>A matcher, usually following paths and values of <paramref name="document"/> so that many pairs match.</summary>
    public ObjectValue Matcher(object? document)
    {
        var count = 1 + _random.Next(3);
        var properties = new List<KeyValuePair<string, object?>>();
        var source = document as ObjectValue;
        foreach (var name in RootKeys.OrderBy(_ => _random.Next()).Take(count))
        {
            properties.Add(new(name, Pattern(Lookup(source, name), 0)));
        }

        // Now and then a property no document has.
        if (_random.Next(10) == 0)
        {
            properties.Add(new("other", Pattern(null, 0)));
        }

        return new ObjectValue(properties);
    }

    public string Write(object? value)
    {
        var builder = new StringBuilder();
        Write(builder, value);
        return builder.ToString();
    }

    private object? Pattern(object? value, int depth)
    {
        var roll = _random.Next(20);
        if (value is ObjectValue obj && depth < 3 && roll < 9)
        {
            var properties = new List<KeyValuePair<string, object?>>();
            var names = obj.Properties.Select(p => p.Key);
            if (_random.Next(5) == 0)
            {
                names = names.Append(Pick(Keys)).Distinct();
            }

            foreach (var name in names.OrderBy(_ => _random.Next()).Take(_random.Next(4)))
            {
                properties.Add(new(name, Pattern(Lookup(obj, name), depth + 1)));
            }

            // Keys that all start with "$" would make an operator object; keep this a property pattern.
            if (properties.Count > 0 && properties.All(p => p.Key.StartsWith('$')))
            {
                properties.Add(new("a", Pattern(Lookup(obj, "a"), depth + 1)));
            }

            return new ObjectValue(properties);
        }

        return roll switch
        {
            < 6 => _random.Next(3) == 0 ? Scalar() : ScalarLike(value),
            < 9 => AlternativesLike(value),
            < 17 => OperatorsLike(value),
            < 18 => new ObjectValue([]),
            < 19 => new ObjectValue([new("$gt", ScalarLike(value)), new(Pick(PlainKeys), Scalar())]),
            _ => AsPropertyPattern(Value(depth + 1)),
        };
    }

    /// <summary>A random value used as a pattern: objects whose keys all start with "$" get a plain key too.</summary>
    private static object? AsPropertyPattern(object? value)
    {
        if (value is not ObjectValue obj)
        {
            return value;
        }

        var properties = obj.Properties.Select(p => new KeyValuePair<string, object?>(p.Key, AsPropertyPattern(p.Value))).ToList();
        if (properties.Count > 0 && properties.All(p => p.Key.StartsWith('$')))
        {
            properties.Add(new("a", null));
        }

        return new ObjectValue(properties);
    }

    private ObjectValue OperatorsLike(object? value)
    {
        // Mostly operators that can hold for this value, so that matchers derived from a document often match it.
        var candidates = _random.Next(4) == 0 ? Operators
            : value is List<object?> ? ArrayOperators
            : value is string or NumberValue ? OrderOperators
            : EqualityOperators;
        var properties = new List<KeyValuePair<string, object?>>();
        foreach (var op in candidates.OrderBy(_ => _random.Next()).Take(1 + _random.Next(2)))
        {
            var element = value is List<object?> { Count: > 0 } array ? array[_random.Next(array.Count)] : value;
            object? operand = op switch
            {
                "$has" => ScalarLike(element),
                "$hasAny" => AlternativesLike(element),
                _ => ScalarLike(value),
            };
            properties.Add(new(op, operand));
        }

        return new ObjectValue(properties);
    }

    private List<object?> AlternativesLike(object? value)
    {
        var alternatives = new List<object?>();
        for (var i = _random.Next(4); i > 0; i--)
        {
            alternatives.Add(_random.Next(6) == 0 ? Value(2) : Scalar());
        }

        if (_random.Next(2) == 0)
        {
            alternatives.Insert(_random.Next(alternatives.Count + 1), ScalarLike(value));
        }

        return alternatives;
    }

    /// <summary>The value itself when it is a scalar (often), else a random scalar.</summary>
    private object? ScalarLike(object? value) =>
        value is null or bool or string or NumberValue && _random.Next(8) != 0 ? value : Scalar();

    private object? Scalar() => _random.Next(8) switch
    {
        0 => null,
        1 => _random.Next(2) == 0,
        < 5 => Pick(Strings),
        _ => new NumberValue(_random.Next(Numbers.Length)),
    };

    private object? Value(int depth)
    {
        var roll = depth >= 4 ? 0 : _random.Next(10);
        return roll switch
        {
            < 6 => Scalar(),
            < 8 => Enumerable.Range(0, _random.Next(5)).Select(_ => Value(depth + 1)).ToList(),
            _ => Object(depth, 0, 4),
        };
    }

    private ObjectValue Object(int depth, int min, int max)
    {
        var names = Keys.OrderBy(_ => _random.Next()).Take(min + _random.Next(max - min + 1));
        return new ObjectValue([.. names.Select(name => new KeyValuePair<string, object?>(name, Value(depth + 1)))]);
    }

    private static object? Lookup(ObjectValue? obj, string name)
    {
        if (obj is null)
        {
            return null;
        }

        foreach (var property in obj.Properties)
        {
            if (property.Key == name)
            {
                return property.Value;
            }
        }

        return null;
    }

    private T Pick<T>(T[] values) => values[_random.Next(values.Length)];

    private void Shuffle<T>(List<T> list)
    {
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = _random.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
    }

    private void Write(StringBuilder builder, object? value)
    {
        switch (value)
        {
            case null:
                builder.Append("null");
                break;
            case bool boolean:
                builder.Append(boolean ? "true" : "false");
                break;
            case string text:
                WriteString(builder, text);
                break;
            case NumberValue number:
                builder.Append(Pick(Numbers[number.Group]));
                break;
            case List<object?> array:
                builder.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    builder.Append(i > 0 ? "," : string.Empty);
                    Write(builder, array[i]);
                }

                builder.Append(']');
                break;
            case ObjectValue obj:
                builder.Append('{');
                for (var i = 0; i < obj.Properties.Count; i++)
                {
                    builder.Append(i > 0 ? "," : string.Empty);
                    WriteString(builder, obj.Properties[i].Key);
                    builder.Append(':');
                    Write(builder, obj.Properties[i].Value);
                }

                builder.Append('}');
                break;
            default:
                throw new InvalidOperationException($"Unexpected value {value}.");
        }
    }

    private void WriteString(StringBuilder builder, string text)
    {
        builder.Append('"');
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c))
            {
                // Keep pairs together: both escaped or both raw.
                if (_random.Next(2) == 0)
                {
                    AppendUnicodeEscape(builder, c);
                    AppendUnicodeEscape(builder, text[++i]);
                }
                else
                {
                    builder.Append(c).Append(text[++i]);
                }

                continue;
            }

            var mustEscape = c is '"' or '\\' || c < ' ';
            if (!mustEscape && _random.Next(5) != 0)
            {
                builder.Append(c);
                continue;
            }

            var shortEscape = c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                '/' => "\\/",
                _ => null,
            };
            if (shortEscape is not null && _random.Next(2) == 0)
            {
                builder.Append(shortEscape);
            }
            else
            {
                AppendUnicodeEscape(builder, c);
            }
        }

        builder.Append('"');
    }

    private void AppendUnicodeEscape(StringBuilder builder, char c)
    {
        var hex = ((int)c).ToString("x4", CultureInfo.InvariantCulture);
        builder.Append("\\u").Append(_random.Next(2) == 0 ? hex : hex.ToUpperInvariant());
    }

    public sealed record NumberValue(int Group);

    public sealed record ObjectValue(List<KeyValuePair<string, object?>> Properties);
}
