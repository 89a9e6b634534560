namespace CleanEventStore.Application.Abstractions.Storage;

/// <summary>
/// The version of a read source (events in a stream; the log length for global sources) and whether it can still
/// grow: only a closed write stream cannot.
/// </summary>
public readonly record struct SourceVersion(long Version, bool Closed);
