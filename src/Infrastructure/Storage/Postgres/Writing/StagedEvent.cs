namespace CleanEventStore.Infrastructure.Storage.Postgres.Writing;

/// <summary>
/// An event staged in a group: its position, write stream, document (a slice of the group buffer) and its run of
/// <see cref="GroupContext.Memberships"/>.
/// </summary>
internal readonly record struct StagedEvent(long Position, long StreamId, int BodyOffset, int BodyLength, int MembershipStart, int MembershipCount);
