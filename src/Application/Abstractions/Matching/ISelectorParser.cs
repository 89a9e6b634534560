using CleanEventStore.Domain.Dcb;
using CleanEventStore.Domain.Selectors;

namespace CleanEventStore.Application.Abstractions.Matching;

/// <summary>Parses selectors and DCB queries from their JSON forms, with the wire protocol's error messages.</summary>
public interface ISelectorParser
{
    /// <summary>
    /// A stream name string or a non-empty nested array of them (OR at even depth, AND at odd depth); <c>_all</c>
    /// allowed. Not normalized. Errors: <c>Invalid {label}.</c>, <c>{label} must be a non-empty selector array or
    /// stream name.</c>, <c>{label}[0][1] must use segments …</c>.
    /// </summary>
    ParseResult<Selector> ParseSelector(ReadOnlySpan<byte> utf8Json, string label);

    /// <summary>
    /// A DCB query object <c>{"items":[{"types":[…],"tags":[…]}]}</c>. Errors: <c>Invalid query.</c>,
    /// <c>query must be a DCB query object with a non-empty items array.</c>, and messages naming a bad item.
    /// </summary>
    ParseResult<DcbQuery> ParseDcbQuery(ReadOnlySpan<byte> utf8Json);
}
