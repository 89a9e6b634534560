namespace CleanEventStore.Application.Abstractions.Storage;

/// <summary>A compiled predicate over a stored document (<c>{"stream":…,"payload":…,"metadata":…}</c>, UTF-8).</summary>
public interface IEventFilter
{
    bool Matches(ReadOnlySpan<byte> document);
}
