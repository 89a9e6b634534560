using System.Net;

namespace CleanEventStore.Client;

/// <summary>
/// 409: the request conflicts with the state of the store. Commits that lose a race get the subclasses
/// <see cref="WrongExpectedVersionException"/> and <see cref="ConditionFailedException"/>; other conflicts (a closed
/// stream, a read-only stream, a faulted consumer) are this class, with <see cref="EventStoreException.Code"/>
/// (<c>stream-closed</c>, <c>stream-read-only</c>, <c>consumer-faulted</c>, …).
/// </summary>
public class EventStoreConflictException(string message, HttpStatusCode statusCode, EventStoreProblem? problem, TimeSpan? retryAfter = null)
    : EventStoreException(message, statusCode, problem, retryAfter);
