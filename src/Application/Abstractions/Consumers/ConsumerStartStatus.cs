namespace CleanEventStore.Application.Abstractions.Consumers;

public enum ConsumerStartStatus
{
    Created,

    /// <summary>The same definition was already registered; nothing changed.</summary>
    Unchanged,

    /// <summary>A different definition was registered; the consumer restarted from the new one.</summary>
    Replaced,
    StreamNotFound,

    /// <summary>The handler does not compile to a function (<see cref="ConsumerStartOutcome.Error"/>).</summary>
    InvalidHandler,
}
