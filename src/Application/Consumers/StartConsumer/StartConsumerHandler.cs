using CleanEventStore.Application.Abstractions.Consumers;
using CleanEventStore.Application.Common.Security;
using CleanEventStore.Application.Consumers.Common;
using CleanEventStore.Domain.Errors;
using Mediator;

namespace CleanEventStore.Application.Consumers.StartConsumer;

/// <summary>
/// Maps the request to a <see cref="ConsumerDefinition"/> and hands it to the consumer runtime, which compiles the
/// handler in its sandbox, checks that the stream exists and creates, keeps or replaces the consumer. A rejected
/// request changes nothing.
/// </summary>
public sealed class StartConsumerHandler(IConsumerManager consumers, AccessGuard access) : ICommandHandler<StartConsumerCommand, StartConsumerResult>
{
    private const string DefaultState = "{}";

    public async ValueTask<StartConsumerResult> Handle(StartConsumerCommand command, CancellationToken cancellationToken)
    {
        var stream = command.Stream;
        access.DemandConsumers("starting a consumer");
        await access.DemandReadAsync(stream, cancellationToken);
        var definition = new ConsumerDefinition(
            command.Id,
            stream,
            command.Handler!,
            command.State ?? DefaultState,
            command.From);
        var outcome = await consumers.StartAsync(definition, cancellationToken);
        return outcome.Status switch
        {
            ConsumerStartStatus.Created => new StartConsumerResult(outcome.Consumer!, Created: true),
            ConsumerStartStatus.Unchanged or ConsumerStartStatus.Resumed or ConsumerStartStatus.Replaced =>
                new StartConsumerResult(outcome.Consumer!, Created: false),
            ConsumerStartStatus.StreamNotFound => throw new StreamNotFoundException(stream.Value),
            ConsumerStartStatus.InvalidHandler => throw new InvalidRequestException(ConsumerMessages.HandlerInvalid, "handler"),
            _ => throw new InvalidOperationException($"Unexpected outcome {outcome.Status} of starting a consumer."),
        };
    }
}
