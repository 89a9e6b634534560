using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Domain.Matching;
using CleanEventStore.Domain.Streams;

namespace CleanEventStore.Infrastructure.Storage.Common;

/// <summary>Closing a stream (<see cref="Matcher"/> null) or creating a derived stream.</summary>
internal sealed class StreamOperation(StreamName stream, Matcher? matcher, IEventFilter? filter) : WriteOperation
{
    private readonly TaskCompletionSource<StreamChangeOutcome> _completion = new();

    public StreamName Stream { get; } = stream;

    public Matcher? Matcher { get; } = matcher;

    public IEventFilter? Filter { get; } = filter;

    public bool IsCreate => Matcher is not null;

    public Task<StreamChangeOutcome> Completion => _completion.Task;

    public StreamChangeOutcome Outcome { get; set; }

    protected override void Complete() => _completion.TrySetResult(Outcome);

    protected override void Fail(Exception exception) => _completion.TrySetException(exception);
}
