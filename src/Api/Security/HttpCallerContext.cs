using CleanEventStore.Application.Abstractions.Security;
using CleanEventStore.Domain.Security;

namespace CleanEventStore.Api.Security;

/// <summary>The caller of the current request (<see cref="CallerFeature"/>), or <see cref="Caller.Anonymous"/> on the anonymous routes.</summary>
public sealed class HttpCallerContext(IHttpContextAccessor accessor) : ICallerContext
{
    public Caller Current => accessor.HttpContext?.Features.Get<CallerFeature>()?.Caller ?? Caller.Anonymous;
}
