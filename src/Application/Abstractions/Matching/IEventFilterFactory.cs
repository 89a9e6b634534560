using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Domain.Matching;

namespace CleanEventStore.Application.Abstractions.Matching;

/// <summary>Compiles a <see cref="Matcher"/> into a predicate over raw stored documents (cached per matcher).</summary>
public interface IEventFilterFactory
{
    IEventFilter Create(Matcher matcher);
}
