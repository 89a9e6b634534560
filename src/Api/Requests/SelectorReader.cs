using System.Text;
using CleanEventStore.Application.Abstractions.Matching;
using CleanEventStore.Domain.Errors;
using CleanEventStore.Domain.Selectors;

namespace CleanEventStore.Api.Requests;

/// <summary>A selector given as JSON text in the query string (<c>?selector=</c>), normalized; a bad one is a 400 naming the problem.</summary>
public static class SelectorReader
{
    public static Selector Read(string selector, ISelectorParser selectors)
    {
        var parsed = selectors.ParseSelector(Encoding.UTF8.GetBytes(selector), "selector");
        return parsed.Succeeded ? parsed.Value!.Normalize() : throw new InvalidRequestException(parsed.Error!, "selector");
    }
}
