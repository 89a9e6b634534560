using CleanEventStore.Infrastructure.Storage.Common;

namespace CleanEventStore.Infrastructure.Storage.Postgres.Writing;

/// <summary>
/// A marker queued by <see cref="PostgresWriter.HoldNextGroupAsync"/>: the writer ends the group before it, parks until
/// the marker is disposed and then drains everything queued meanwhile into one group. Tests only.
/// </summary>
internal sealed class GroupHold : WriteOperation, IDisposable
{
    private readonly TaskCompletionSource _parked = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the writer is parked.</summary>
    public Task Parked => _parked.Task;

    /// <summary>Completes when the holder lets the writer go on.</summary>
    public Task Released => _released.Task;

    public void Park() => _parked.TrySetResult();

    public void Dispose() => _released.TrySetResult();

    protected override void Complete() => _released.TrySetResult();

    protected override void Fail(Exception exception) => _released.TrySetResult();
}
