using CleanEventStore.Domain.Matching;
using CleanEventStore.Domain.Selectors;

namespace CleanEventStore.Domain.Dcb;

/// <summary>
/// A Dynamic Consistency Boundary condition: the commit succeeds only if no event at a global position after
/// <see cref="NoneMatchAfter"/> belongs to <see cref="Selector"/> and matches <see cref="Matcher"/> (when given).
/// </summary>
public sealed record CommitCondition(Selector Selector, Matcher? Matcher, long NoneMatchAfter);
