namespace CleanEventStore.Application.Abstractions.Consumers;

public sealed record ConsumerStartOutcome(ConsumerStartStatus Status, ConsumerSnapshot? Consumer, string? Error = null);
