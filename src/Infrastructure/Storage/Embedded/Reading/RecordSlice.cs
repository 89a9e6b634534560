namespace CleanEventStore.Infrastructure.Storage.Embedded.Reading;

/// <summary>Where one NDJSON line lies in a reader's block buffer, and the global position of its event.</summary>
internal readonly record struct RecordSlice(int Offset, int Length, long Position);
