namespace CleanEventStore.Infrastructure.Storage.Embedded.Log;

[Flags]
internal enum RecordFlags : uint
{
    None = 0,

    /// <summary>The last record of a commit: everything up to here is one atomic unit.</summary>
    CommitEnd = 1,

    /// <summary>A catalog change (close, derived stream, idempotency key), not an event; it has no position.</summary>
    System = 2,
}
