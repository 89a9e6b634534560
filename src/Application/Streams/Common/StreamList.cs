using CleanEventStore.Domain.Errors;
using CleanEventStore.Domain.Streams;

namespace CleanEventStore.Application.Streams.Common;

/// <summary>Comma-separated stream lists (<c>?streams=a,b</c>, <c>?types=A,B</c>): repeated values concatenated, items trimmed, empties dropped.</summary>
public static class StreamList
{
    public static List<StreamName> Parse(IReadOnlyList<string> values, string label)
    {
        var names = new List<StreamName>();
        foreach (var value in values)
        {
            foreach (var item in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (StreamName.Validate(item, label, allowAll: true) is { } error)
                {
                    throw new InvalidRequestException(error, label);
                }

                names.Add(item == StreamName.AllValue ? StreamName.All : StreamName.FromTrusted(item));
            }
        }

        return names;
    }
}
