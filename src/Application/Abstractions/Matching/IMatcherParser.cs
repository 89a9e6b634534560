using CleanEventStore.Domain.Matching;

namespace CleanEventStore.Application.Abstractions.Matching;

/// <summary>
/// Parses object matchers (filters) from JSON text. Results are cached by text (LRU of <c>MatcherCacheSize</c>
/// entries), so the same text yields the same <see cref="Matcher"/> instance while it stays cached.
/// </summary>
public interface IMatcherParser
{
    /// <summary>
    /// Parses <paramref name="json"/>. <paramref name="label"/> names the input in error messages
    /// (<c>filter</c>, <c>matcher</c>, <c>condition.matcher</c>): invalid JSON gives <c>Invalid {label}.</c>, a value
    /// that is not an object gives <c>{label} must be a JSON object.</c>, an unknown operator names the operator.
    /// </summary>
    ParseResult<Matcher> Parse(string json, string label);

    /// <summary>The same for UTF-8 JSON.</summary>
    ParseResult<Matcher> Parse(ReadOnlySpan<byte> utf8Json, string label);
}
