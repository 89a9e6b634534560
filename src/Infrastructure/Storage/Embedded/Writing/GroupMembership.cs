using CleanEventStore.Infrastructure.Storage.Common;

namespace CleanEventStore.Infrastructure.Storage.Embedded.Writing;

/// <summary>
/// The streams an event staged earlier in the group is filed in, for <see cref="SelectorMembership"/>: those it was
/// filed in when staged, and a matcher stream created after it in the same group whose backfill took it.
/// </summary>
internal readonly struct GroupMembership(GroupState group, StagedEvent staged) : IStreamMembership
{
    public bool IsMember(string stream) => group.Find(stream) is { } state && (group.IsMember(staged, state) || group.IsBackfilled(state, staged.Position));
}
