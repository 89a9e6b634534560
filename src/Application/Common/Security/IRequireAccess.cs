namespace CleanEventStore.Application.Common.Security;

/// <summary>
/// Implemented by every command and query: what it needs from the caller's scopes. A composition test checks that no
/// message lacks it, so that a new use case cannot be added without saying who may run it.
/// </summary>
public interface IRequireAccess
{
    AccessRequirement Access { get; }
}
