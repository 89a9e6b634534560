using CleanEventStore.Application.Common.Security;
using Mediator;

namespace CleanEventStore.Application.Health.GetHealth;

/// <summary>Is the store open and writable, and how big is it.</summary>
public sealed record GetHealthQuery : IQuery<GetHealthResult>, IRequireAccess
{
    public AccessRequirement Access => AccessRequirement.Anyone;
}
