using CleanEventStore.Application.Abstractions.Security;
using CleanEventStore.Application.Abstractions.Storage;
using CleanEventStore.Application.Common.Security;
using CleanEventStore.Domain.Security;
using Microsoft.Extensions.Logging.Abstractions;
using NSubstitute;

namespace CleanEventStore.Application.UnitTests.Support;

/// <summary>An <see cref="AccessGuard"/> over a substitute caller context.</summary>
public static class Access
{
    public static AccessGuard For(Caller caller, IEventStore? store = null)
    {
        var callers = Substitute.For<ICallerContext>();
        callers.Current.Returns(caller);
        return new AccessGuard(callers, store ?? Substitute.For<IEventStore>(), NullLoggerFactory.Instance);
    }

    /// <summary>The guard of a server without authentication: everything is allowed.</summary>
    public static AccessGuard Unrestricted => For(Caller.Unrestricted);
}
