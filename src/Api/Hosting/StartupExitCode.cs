namespace CleanEventStore.Api.Hosting;

/// <summary>
/// The process exit codes of a failed start (documented in the README; scripts and supervisors may rely on them).
/// A server that started and then shut down exits with 0.
/// </summary>
internal enum StartupExitCode
{
    /// <summary>Anything not classified below; the line names the exception type.</summary>
    Unexpected = 1,

    /// <summary>The configuration is invalid: a value out of range or of the wrong type, a malformed <c>--urls</c>, command line or settings file.</summary>
    InvalidConfiguration = 2,

    /// <summary>Another process holds the data directory (<c>EventStore:StorageDirectory</c>); the line names it.</summary>
    DataDirectoryInUse = 3,

    /// <summary>The store cannot be opened: recovery found the data corrupt, or the directory cannot be created, read or written.</summary>
    StoreOpenFailed = 4,

    /// <summary>The listen address (<c>--urls</c>) is in use.</summary>
    ListenAddressInUse = 5,

    /// <summary>The PostgreSQL database (<c>EventStore:Provider=Postgres</c>) cannot be reached, refuses the login, does not exist or cannot be migrated.</summary>
    DatabaseUnavailable = 6,
}
