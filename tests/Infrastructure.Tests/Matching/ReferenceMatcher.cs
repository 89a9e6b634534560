using System.Text.Json;
using System.Text.Json.Nodes;

namespace CleanEventStore.Infrastructure.Tests.Matching;

/// <summary>
/// A deliberately naive evaluator of the object-matcher semantics over <see cref="JsonNode"/> trees, written straight
/// from the rules (seed engine 2.10, HTTP protocol 4.4), to check the raw filter against. JSON null is a C# null node.
/// </summary>
internal static class ReferenceMatcher
{
    public static bool Matches(JsonObject matcher, JsonNode? document)
    {
        // The root's keys are always property names.
        foreach (var (name, pattern) in matcher)
        {
            if (!MatchProperty(document, name, pattern))
            {
                return false;
            }
        }

        return true;
    }

    private static bool MatchProperty(JsonNode? container, string name, JsonNode? pattern)
    {
        // Only objects have properties; a missing property never matches.
        if (container is not JsonObject obj || !obj.TryGetPropertyValue(name, out var value))
        {
            return false;
        }

        return MatchValue(pattern, value);
    }

    private static bool MatchValue(JsonNode? pattern, JsonNode? value)
    {
        switch (pattern)
        {
            case JsonArray alternatives:
                return alternatives.Any(a => IsScalar(a) && StrictEquals(value, a));
            case JsonObject obj when obj.Count > 0 && obj.All(p => p.Key.StartsWith('$')):
                return obj.All(p => MatchOperator(p.Key, p.Value, value));
            case JsonObject obj:
                return obj.All(p => MatchProperty(value, p.Key, p.Value));
            default:
                return StrictEquals(value, pattern);
        }
    }

    private static bool MatchOperator(string op, JsonNode? operand, JsonNode? value) => op switch
    {
        "$eq" => StrictEquals(value, operand),
        "$ne" => !StrictEquals(value, operand),
        "$gt" => Compare(value, operand) is > 0,
        "$gte" => Compare(value, operand) is >= 0,
        "$lt" => Compare(value, operand) is < 0,
        "$lte" => Compare(value, operand) is <= 0,
        "$has" => value is JsonArray array && array.Any(e => StrictEquals(e, operand)),
        "$hasAny" => value is JsonArray array && operand is JsonArray wanted
            && array.Any(e => wanted.Any(w => IsScalar(w) && StrictEquals(e, w))),
        _ => throw new InvalidOperationException($"Unknown operator {op}."),
    };

    private static int? Compare(JsonNode? value, JsonNode? operand)
    {
        var kind = KindOf(value);
        if (kind != KindOf(operand))
        {
            return null;
        }

        return kind switch
        {
            JsonValueKind.Number => value!.GetValue<double>().CompareTo(operand!.GetValue<double>()),
            JsonValueKind.String => string.CompareOrdinal(value!.GetValue<string>(), operand!.GetValue<string>()),
            _ => null,
        };
    }

    private static bool IsScalar(JsonNode? node) => node is null or JsonValue;

    private static bool StrictEquals(JsonNode? a, JsonNode? b)
    {
        if (!IsScalar(a) || !IsScalar(b))
        {
            return false;
        }

        var kind = KindOf(a);
        if (kind != KindOf(b))
        {
            return false;
        }

        return kind switch
        {
            JsonValueKind.Null => true,
            JsonValueKind.True or JsonValueKind.False => true,
            JsonValueKind.Number => a!.GetValue<double>() == b!.GetValue<double>(),
            _ => string.Equals(a!.GetValue<string>(), b!.GetValue<string>(), StringComparison.Ordinal),
        };
    }

    private static JsonValueKind KindOf(JsonNode? node) => node?.GetValueKind() ?? JsonValueKind.Null;
}
