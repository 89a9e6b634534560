using CleanEventStore.Application.Abstractions.Security;
using CleanEventStore.Domain.Security;

namespace CleanEventStore.Application.Common.Security;

/// <summary>The caller of a host without authentication: <see cref="Caller.Unrestricted"/>, who may do everything.</summary>
public sealed class UnrestrictedCallerContext : ICallerContext
{
    public Caller Current => Caller.Unrestricted;
}
