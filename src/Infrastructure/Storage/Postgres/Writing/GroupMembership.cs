using CleanEventStore.Infrastructure.Storage.Common;

namespace CleanEventStore.Infrastructure.Storage.Postgres.Writing;

/// <summary>The streams an event staged earlier in the group is filed in, for <see cref="SelectorMembership"/>.</summary>
internal readonly struct GroupMembership(GroupContext context, StagedEvent staged) : IStreamMembership
{
    public bool IsMember(string stream) => context.IsMember(staged, stream);
}
