using CleanEventStore.Application.Common.Security;
using Mediator;

namespace CleanEventStore.Application.Admin.CreateBackup;

/// <summary>An online backup of the store as of one position (the embedded engine only). Needs <c>admin</c>.</summary>
public sealed record CreateBackupQuery : IQuery<CreateBackupResult>, IRequireAccess
{
    public AccessRequirement Access => AccessRequirement.Admin("a backup of the store");
}
