using CleanEventStore.Domain.Consumers;
using CleanEventStore.Domain.Streams;

namespace CleanEventStore.Application.Abstractions.Consumers;

/// <summary>
/// A consumer at one moment: <see cref="Position"/> events of its stream processed, its state (compact JSON), and
/// for a faulted consumer the error and the revision of the event that failed.
/// </summary>
public sealed record ConsumerSnapshot(
    ConsumerId Id,
    StreamName Stream,
    long Position,
    string State,
    ConsumerStatus Status,
    string? Error,
    long? FailedRevision);
