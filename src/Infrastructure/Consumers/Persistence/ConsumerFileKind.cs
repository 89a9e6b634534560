namespace CleanEventStore.Infrastructure.Consumers.Persistence;

internal enum ConsumerFileKind : ushort
{
    Definition = 1,
    Checkpoint = 2,
}
