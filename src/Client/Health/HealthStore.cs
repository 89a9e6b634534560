namespace CleanEventStore.Client;

/// <summary>The <c>store</c> part of <see cref="HealthReport"/>.</summary>
/// <param name="Open">The store is open.</param>
/// <param name="Writable">The store accepts commits (false after an I/O error, or while the database is unreachable).</param>
/// <param name="Length">The number of events in the log (the position of the last one).</param>
/// <param name="Streams">The number of streams.</param>
/// <param name="Consumers">The number of consumers.</param>
/// <param name="Engine">The storage provider (the embedded engine or PostgreSQL).</param>
/// <param name="Durability">When a commit is acknowledged (<c>Fsync</c>, <c>OsBuffered</c>, …).</param>
/// <param name="EventStorageVersion">The server's version.</param>
/// <param name="Fault">Why the store is degraded, or null.</param>
public sealed record HealthStore(
    bool Open,
    bool Writable,
    long Length,
    int Streams,
    int Consumers,
    string Engine,
    string Durability,
    string EventStorageVersion,
    string? Fault);
