namespace CleanEventStore.Infrastructure.Storage.Embedded.Writing;

/// <summary>
/// An event of the group being prepared: its position, final log address, where its body lies in the group
/// buffer, and its memberships (a range of <see cref="GroupState.Memberships"/>).
/// </summary>
internal readonly record struct StagedEvent(long Position, long Address, int BodyOffset, int BodyLength, int MembershipStart, int MembershipCount);
