namespace CleanEventStore.Domain.Streams;

public enum ReadDirection
{
    Forwards,
    Backwards,
}
