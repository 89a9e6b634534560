namespace CleanEventStore.Api.Contracts;

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
