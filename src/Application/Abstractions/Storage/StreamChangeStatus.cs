namespace CleanEventStore.Application.Abstractions.Storage;

public enum StreamChangeStatus
{
    Done,
    NotFound,
    AlreadyClosed,
    AlreadyExists,
}
