using CleanEventStore.Application.Abstractions.Matching;
using CleanEventStore.Domain.Errors;
using CleanEventStore.Domain.Matching;

namespace CleanEventStore.Api.Requests;

/// <summary>The <c>?filter=</c> of a read: null when absent or empty, else the parsed matcher; a bad one is a 400 naming the problem.</summary>
public static class FilterReader
{
    public static Matcher? Read(string? filter, IMatcherParser matchers)
    {
        if (string.IsNullOrEmpty(filter))
        {
            return null;
        }

        var parsed = matchers.Parse(filter, "filter");
        return parsed.Succeeded ? parsed.Value : throw new InvalidRequestException(parsed.Error!, "filter");
    }
}
