namespace CleanEventStore.Infrastructure.Storage.Embedded.Backup;

/// <summary>One problem: its severity, the file (relative to the data directory, with <c>/</c>), the byte offset in it when known, and what is wrong.</summary>
public sealed record StoreVerifyProblem(StoreVerifySeverity Severity, string File, long? Offset, string Message);
