using System.Text;
using System.Text.Json;

namespace CleanEventStore.Application.Consumers.Common;

/// <summary>Checks that a consumer state is a JSON object nested no deeper than a limit, which can be written back.</summary>
public static class ConsumerStateShape
{
    /// <summary>True when <paramref name="json"/> is one JSON object whose nesting depth is at most <paramref name="maxDepth"/>.</summary>
    public static bool IsObjectWithinDepth(string json, int maxDepth)
    {
        ArgumentNullException.ThrowIfNull(json);
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json), new JsonReaderOptions { MaxDepth = maxDepth });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            reader.Skip();
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>
    /// True when a string or name of <paramref name="json"/> holds an unpaired surrogate escape (<c>"\ud800"</c>):
    /// valid JSON, but System.Text.Json cannot unescape it, so the state could not be written into a response.
    /// </summary>
    public static bool HasUnpairedSurrogate(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (!json.Contains("\\u", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json), new JsonReaderOptions { MaxDepth = ConsumerLimits.MaxHandlerStateDepth + 1 });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
                {
                    reader.GetString();
                }
            }

            return false;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
