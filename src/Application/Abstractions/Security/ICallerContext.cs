using CleanEventStore.Domain.Security;

namespace CleanEventStore.Application.Abstractions.Security;

/// <summary>
/// Who sends the request being handled. The Api implements it from the authenticated request; without authentication
/// (<c>Auth:Mode=None</c>) the caller is <see cref="Caller.Unrestricted"/>.
/// </summary>
public interface ICallerContext
{
    Caller Current { get; }
}
