namespace CleanEventStore.Infrastructure.Storage.Embedded.Reading;

/// <summary>Yields global positions in ascending or descending order without materialising them.</summary>
internal abstract class PositionCursor
{
    /// <summary>The revision of the last position returned: the position itself, or the stream revision for stream reads.</summary>
    public long Revision { get; protected set; }

    public abstract bool TryNext(out long position);
}
