namespace CleanEventStore.Domain.Security;

/// <summary>What a scope grants (see <see cref="AccessScope"/>).</summary>
public enum AccessKind
{
    /// <summary>Read the write streams its pattern covers: their events and versions, and joins and categories made only of them.</summary>
    Read,

    /// <summary>Commit to the write streams its pattern covers.</summary>
    Write,

    /// <summary>The views that can return events of any stream: <c>_all</c>, type, tag and matcher streams, <c>/query</c>, DCB conditions, the stream list.</summary>
    Query,

    /// <summary>Create, read and delete consumers, on streams the caller may read.</summary>
    Consumers,

    /// <summary>Everything, including closing streams, creating matcher streams and the storage statistics.</summary>
    Admin,
}
