using System.Runtime.CompilerServices;
using CleanEventStore.Application.Abstractions.Storage;
using Mediator;

namespace CleanEventStore.Application.Streams.ListStreams;

public sealed class ListStreamsHandler(IEventStore store) : IQueryHandler<ListStreamsQuery, ListStreamsResult>
{
    public ValueTask<ListStreamsResult> Handle(ListStreamsQuery query, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new ListStreamsResult(Visible(cancellationToken)));

    private async IAsyncEnumerable<StreamInfo> Visible([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var stream in store.ListStreamsAsync(cancellationToken))
        {
            if (!stream.Name.IsHidden)
            {
                yield return stream;
            }
        }
    }
}
