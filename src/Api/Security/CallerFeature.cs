using CleanEventStore.Domain.Security;

namespace CleanEventStore.Api.Security;

/// <summary>The caller of the request, set by <see cref="AuthenticationGate"/> once its credentials are verified.</summary>
public sealed record CallerFeature(Caller Caller);
