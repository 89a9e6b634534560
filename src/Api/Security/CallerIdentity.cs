using System.Security.Claims;
using CleanEventStore.Domain.Security;

namespace CleanEventStore.Api.Security;

/// <summary>The identity of an authenticated request, carrying its <see cref="Caller"/> (built once per API key, or from a token's claims).</summary>
public sealed class CallerIdentity : ClaimsIdentity
{
    public CallerIdentity(Caller caller, string authenticationType)
        : base([new Claim(ClaimTypes.Name, caller.Name)], authenticationType)
    {
        Caller = caller;
    }

    public Caller Caller { get; }
}
