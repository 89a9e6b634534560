namespace CleanEventStore.Application.Abstractions.Storage;

public enum StreamChangeStatus
{
    Done,
    NotFound,
    AlreadyClosed,
    AlreadyExists,

    /// <summary>The stream is derived (type, tag or matcher stream): it cannot be closed.</summary>
    NotWriteStream,
}
