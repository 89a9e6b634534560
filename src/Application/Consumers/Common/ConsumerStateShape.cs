using System.Text;
using System.Text.Json;

namespace CleanEventStore.Application.Consumers.Common;

/// <summary>Checks that a consumer state is a JSON object nested no deeper than a limit.</summary>
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
}
