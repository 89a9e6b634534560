using CleanEventStore.Application.Common.Security;
using CleanEventStore.Domain.Consumers;
using CleanEventStore.Domain.Streams;
using Mediator;

namespace CleanEventStore.Application.Consumers.StartConsumer;

/// <summary>
/// Start (or keep, or replace) a durable consumer of <paramref name="Stream"/> (<c>_all</c> allowed).
/// <paramref name="Handler"/> is the JavaScript source of <c>(event, state) =&gt; newState</c>, null when the request
/// had none; <paramref name="State"/> the initial state as compact JSON, null for the default <c>{}</c>;
/// <paramref name="From"/> (0 or more) the number of events of the stream to treat as already processed.
/// </summary>
public sealed record StartConsumerCommand(ConsumerId Id, StreamName Stream, long From, string? Handler, string? State)
    : ICommand<StartConsumerResult>, IRequireAccess, IAudited
{
    public AccessRequirement Access => AccessRequirement.HandlerChecks("starting a consumer");

    public string AuditSubject => $"consumer {Id.Value} on {Stream.Value}";
}
