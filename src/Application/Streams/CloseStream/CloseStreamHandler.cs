using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Domain.Errors;
using CleanEventStore.Domain.Streams;
using Mediator;

namespace CleanEventStore.Application.Streams.CloseStream;

public sealed class CloseStreamHandler(IEventStore store) : ICommandHandler<CloseStreamCommand, CloseStreamResult>
{
    public async ValueTask<CloseStreamResult> Handle(CloseStreamCommand command, CancellationToken cancellationToken)
    {
        var name = command.Stream;
        var outcome = await store.CloseStreamAsync(name, cancellationToken);
        return outcome.Status switch
        {
            StreamChangeStatus.Done => new CloseStreamResult(name, Closed: true),
            StreamChangeStatus.NotFound => throw new StreamNotFoundException(name.Value),
            StreamChangeStatus.AlreadyClosed => throw new StreamClosedException(name.Value),
            StreamChangeStatus.NotWriteStream => throw new StreamReadOnlyException(name.Value, outcome.Kind, StreamNamespace.RefuseClose(name.Value, outcome.Kind)!),
            _ => throw new InvalidOperationException($"Unexpected outcome {outcome.Status} of closing a stream."),
        };
    }
}
