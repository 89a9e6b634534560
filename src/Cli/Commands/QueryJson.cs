using System.Text.Json;
using CleanEventStore.Client;

namespace CleanEventStore.Cli.Commands;

/// <summary>Reads the server's DCB query JSON, <c>{"items":[{"types":[…],"tags":[…]}, …]}</c>.</summary>
internal static class QueryJson
{
    /// <exception cref="FormatException">Not that shape.</exception>
    public static DcbQuery Parse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("items", out var items)
                || items.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException("it needs an \"items\" array.");
            }

            var list = new List<DcbQueryItem>();
            foreach (var item in items.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object)
                {
                    throw new FormatException("each item is an object with \"types\" and/or \"tags\".");
                }

                list.Add(new DcbQueryItem(Strings(item, "types"), Strings(item, "tags")));
            }

            return list.Count == 0 ? throw new FormatException("\"items\" is empty.") : new DcbQuery(list);
        }
        catch (JsonException exception)
        {
            throw new FormatException("it is not JSON: " + exception.Message, exception);
        }
    }

    private static string[] Strings(JsonElement item, string name)
    {
        if (!item.TryGetProperty(name, out var values))
        {
            return [];
        }

        if (values.ValueKind != JsonValueKind.Array || values.EnumerateArray().Any(value => value.ValueKind != JsonValueKind.String))
        {
            throw new FormatException($"\"{name}\" is an array of strings.");
        }

        return [.. values.EnumerateArray().Select(value => value.GetString()!)];
    }
}
