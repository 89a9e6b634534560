namespace CleanEventStore.Domain.Errors;

/// <summary>The storage engine has no online backup of its own (PostgreSQL: use <c>pg_dump</c> or a base backup with WAL archiving).</summary>
public sealed class BackupNotSupportedException(string engine, string message)
    : EventStoreException("backup-not-supported", message)
{
    /// <summary>The engine that was asked (<c>postgres</c>).</summary>
    public string Engine { get; } = engine;
}
