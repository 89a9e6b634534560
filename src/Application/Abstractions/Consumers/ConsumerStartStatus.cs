namespace CleanEventStore.Application.Abstractions.Consumers;

public enum ConsumerStartStatus
{
    Created,

    /// <summary>The same definition was already registered and running; nothing changed.</summary>
    Unchanged,

    /// <summary>
    /// The same definition was registered but faulted or stopped; it runs again from its last persisted position and
    /// state (a faulted consumer retries the event that failed).
    /// </summary>
    Resumed,

    /// <summary>A different definition was registered; the consumer restarted from the new one.</summary>
    Replaced,
    StreamNotFound,

    /// <summary>The handler does not compile to a function (<see cref="ConsumerStartOutcome.Error"/>).</summary>
    InvalidHandler,
}
