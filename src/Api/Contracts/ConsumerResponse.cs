using System.Text.Json;
using CleanEventStore.Application.Abstractions.Consumers;
using CleanEventStore.Application.Consumers.Common;

namespace CleanEventStore.Api.Contracts;

/// <summary>
/// A consumer: <c>position</c> events of <c>stream</c> processed, its <c>state</c>, its <c>status</c>
/// (<c>running</c>, <c>faulted</c>, <c>stopped</c>) and, when faulted, the <c>error</c> and the revision of the event
/// that failed.
/// </summary>
public sealed record ConsumerResponse(
    string Identifier,
    string Stream,
    long Position,
    JsonElement State,
    string Status,
    string? Error,
    long? FailedRevision)
{
    /// <summary>Deepest state the Api writes back: the deepest a handler may return.</summary>
    public const int MaxStateDepth = ConsumerLimits.MaxHandlerStateDepth;

    public static ConsumerResponse From(ConsumerSnapshot consumer)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        using var state = JsonDocument.Parse(consumer.State, new JsonDocumentOptions { MaxDepth = MaxStateDepth });
        return new ConsumerResponse(
            consumer.Id.Value,
            consumer.Stream.Value,
            consumer.Position,
            state.RootElement.Clone(),
            StatusName(consumer.Status),
            consumer.Error,
            consumer.FailedRevision);
    }

    public static string StatusName(ConsumerStatus status) => status switch
    {
        ConsumerStatus.Running => "running",
        ConsumerStatus.Faulted => "faulted",
        ConsumerStatus.Stopped => "stopped",
        _ => status.ToString().ToLowerInvariant(),
    };
}
