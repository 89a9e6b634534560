using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Domain.Errors;
using Mediator;

namespace CleanEventStore.Application.Streams.CreateStream;

public sealed class CreateStreamHandler(IEventStore store) : ICommandHandler<CreateStreamCommand, CreateStreamResult>
{
    public async ValueTask<CreateStreamResult> Handle(CreateStreamCommand command, CancellationToken cancellationToken)
    {
        var outcome = await store.CreateStreamAsync(command.Stream, command.Matcher, cancellationToken);
        return outcome.Status switch
        {
            StreamChangeStatus.Done => new CreateStreamResult(command.Stream, outcome.Version),
            StreamChangeStatus.AlreadyExists => throw new StreamAlreadyExistsException(command.Stream.Value),
            _ => throw new InvalidOperationException($"Unexpected outcome {outcome.Status} of creating a stream."),
        };
    }
}
