using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CleanEventStore.Client;

/// <summary>
/// A Dynamic Consistency Boundary condition: "no event that <see cref="Selector"/> (and the matcher, if any) selects was
/// committed after position <see cref="NoneMatchAfter"/>". <see cref="EventStoreClient.QueryAsync(DcbQuery, long?, string?, CancellationToken)"/>
/// returns the condition that protects a decision taken on what it read (the server's
/// <c>x-event-store-query-condition</c> header); a commit that carries it is refused with
/// <see cref="ConditionFailedException"/> when such an event was committed in between. The JSON is sent back exactly as
/// the server wrote it.
/// </summary>
public sealed class CommitCondition
{
    private CommitCondition(string json, long noneMatchAfter)
    {
        Json = json;
        NoneMatchAfter = noneMatchAfter;
    }

    /// <summary>The condition's JSON (<c>{"selector":…,"noneMatchAfter":…,"matcher":…}</c>), sent as the commit's <c>condition</c>.</summary>
    public string Json { get; }

    /// <summary>The length of the log when the condition was obtained: events after it conflict.</summary>
    public long NoneMatchAfter { get; }

    /// <summary>A condition over <paramref name="selector"/> (and an optional matcher, as JSON) after <paramref name="noneMatchAfter"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="matcher"/> is not a JSON object.</exception>
    public static CommitCondition Create(Selector selector, long noneMatchAfter, string? matcher = null)
    {
        ArgumentNullException.ThrowIfNull(selector);
        ArgumentOutOfRangeException.ThrowIfNegative(noneMatchAfter);
        var builder = new StringBuilder(64 + selector.Json.Length + (matcher?.Length ?? 0));
        builder.Append("{\"selector\":").Append(selector.Json).Append(",\"noneMatchAfter\":").Append(noneMatchAfter.ToString(CultureInfo.InvariantCulture));
        if (matcher is not null)
        {
            JsonText.EnsureObject(matcher, nameof(matcher));
            builder.Append(",\"matcher\":").Append(matcher);
        }

        return new CommitCondition(builder.Append('}').ToString(), noneMatchAfter);
    }

    /// <summary>The condition in the JSON the server writes in <c>x-event-store-query-condition</c>.</summary>
    /// <exception cref="FormatException"><paramref name="json"/> is not a JSON object with a non-negative integer <c>noneMatchAfter</c>.</exception>
    public static CommitCondition Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("noneMatchAfter", out var after)
                && after.ValueKind == JsonValueKind.Number
                && after.TryGetInt64(out var noneMatchAfter)
                && noneMatchAfter >= 0)
            {
                return new CommitCondition(json, noneMatchAfter);
            }
        }
        catch (JsonException exception)
        {
            throw new FormatException("The commit condition is not well-formed JSON.", exception);
        }

        throw new FormatException("The commit condition must be a JSON object with a non-negative integer \"noneMatchAfter\".");
    }

    /// <summary>The condition's JSON.</summary>
    public override string ToString() => Json;
}
