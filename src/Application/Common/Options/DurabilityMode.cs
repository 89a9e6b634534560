namespace CleanEventStore.Application.Common.Options;

public enum DurabilityMode
{
    /// <summary>Each group of commits is flushed to disk (fsync) before any of them is acknowledged.</summary>
    Fsync,

    /// <summary>Commits are acknowledged once written to the OS page cache; a power loss can lose them.</summary>
    OsBuffered,
}
