using CleanEventStore.Domain.Consumers;
using CleanEventStore.Domain.Streams;

namespace CleanEventStore.Application.Abstractions.Consumers;

/// <summary>
/// What a consumer is: its stream, the JavaScript source of its handler <c>(event, state) =&gt; newState</c>, its
/// initial state (compact JSON object) and the number of events of the stream to treat as already processed.
/// </summary>
public sealed record ConsumerDefinition(ConsumerId Id, StreamName Stream, string Handler, string InitialState, long From);
