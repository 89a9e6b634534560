using CleanEventStore.Application.Abstractions.Storage;

namespace CleanEventStore.Infrastructure.Storage.Common;

/// <summary>A commit, with the derived stream names of each event resolved on the caller's thread.</summary>
internal sealed class CommitOperation(CommitRequest request, IReadOnlyList<string>?[] derivedNames, int estimatedSize) : WriteOperation
{
    private readonly TaskCompletionSource<CommitOutcome> _completion = new();

    public CommitRequest Request { get; } = request;

    /// <summary>Per event: the type and tag streams it belongs to (null when none).</summary>
    public IReadOnlyList<string>?[] DerivedNames { get; } = derivedNames;

    /// <summary>Upper bound of the bytes the commit takes in the log.</summary>
    public int EstimatedSize { get; } = estimatedSize;

    public Task<CommitOutcome> Completion => _completion.Task;

    public CommitOutcome Outcome { get; set; }

    protected override void Complete() => _completion.TrySetResult(Outcome);

    protected override void Fail(Exception exception) => _completion.TrySetException(exception);
}
