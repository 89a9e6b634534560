using System.Runtime.CompilerServices;
using CleanEventStore.Application.Abstractions.Matching;
using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Domain.Matching;

namespace CleanEventStore.Infrastructure.Matching;

/// <summary>
/// Compiles matchers into raw-JSON filters, once per <see cref="Matcher"/> instance: the compiled filter lives as
/// long as the matcher does (the matcher parser's LRU hands out the same instance for the same text).
/// </summary>
public sealed class EventFilterFactory : IEventFilterFactory
{
    private readonly ConditionalWeakTable<Matcher, IEventFilter> _filters = new();

    public IEventFilter Create(Matcher matcher)
    {
        ArgumentNullException.ThrowIfNull(matcher);
        return _filters.GetValue(matcher, static m => new RawEventFilter(m));
    }
}
