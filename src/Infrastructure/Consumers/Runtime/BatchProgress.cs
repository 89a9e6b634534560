using CleanEventStore.Infrastructure.Consumers.Sandbox;

namespace CleanEventStore.Infrastructure.Consumers.Runtime;

/// <summary>
/// Folds the events of one batch into the state: each successful call advances the position by one; the first
/// failure records the error and the revision of the failing event, and the rest of the batch is skipped.
/// </summary>
internal sealed class BatchProgress(JavaScriptHandler handler, long position, string state)
{
    public long Position { get; private set; } = position;

    public string State { get; private set; } = state;

    public string? Error { get; private set; }

    public long? FailedRevision { get; private set; }

    public int Processed { get; private set; }

    public void Apply(ReadOnlySpan<byte> document)
    {
        if (Error is not null)
        {
            return;
        }

        if (handler.TryApply(document, State, out var newState, out var error))
        {
            Position++;
            Processed++;
            if (newState is not null)
            {
                State = newState;
            }
        }
        else
        {
            Error = error;
            FailedRevision = Position + 1;
        }
    }
}
