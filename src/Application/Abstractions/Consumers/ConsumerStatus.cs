namespace CleanEventStore.Application.Abstractions.Consumers;

public enum ConsumerStatus
{
    /// <summary>Processing or waiting for new events.</summary>
    Running,

    /// <summary>The handler threw or exceeded a sandbox limit; re-PUT restarts it.</summary>
    Faulted,

    /// <summary>Registered but not processing: loaded at start-up with <c>AutoStartConsumers</c> off; a PUT starts it.</summary>
    Stopped,
}
