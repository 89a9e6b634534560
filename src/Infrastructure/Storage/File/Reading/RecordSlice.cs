namespace CleanEventStore.Infrastructure.Storage.File.Reading;

/// <summary>Where one NDJSON line lies in a reader's block buffer.</summary>
internal readonly record struct RecordSlice(int Offset, int Length);
