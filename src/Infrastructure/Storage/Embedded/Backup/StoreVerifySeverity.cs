namespace CleanEventStore.Infrastructure.Storage.Embedded.Backup;

/// <summary>How bad a problem <see cref="StoreVerifier"/> found is.</summary>
public enum StoreVerifySeverity
{
    /// <summary>Recovery repairs it at open without losing acknowledged data (a torn tail, a missing or stale index checkpoint).</summary>
    Warning,

    /// <summary>Data is damaged or an index points at the wrong record: the directory fails verification.</summary>
    Error,
}
