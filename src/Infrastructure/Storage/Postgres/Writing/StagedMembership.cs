namespace CleanEventStore.Infrastructure.Storage.Postgres.Writing;

/// <summary>One row of <c>memberships</c> staged in a group.</summary>
internal readonly record struct StagedMembership(StreamRow Stream, long Revision, long Position);
