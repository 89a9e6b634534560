using System.Security.Claims;
using CleanEventStore.Domain.Security;
using Microsoft.IdentityModel.Tokens;

namespace CleanEventStore.Api.Security;

/// <summary>
/// The caller of a validated token: named by its <c>sub</c> (else <c>client_id</c>, <c>azp</c>, <c>name</c>), with the scopes
/// of its <c>scope</c> and <c>scp</c> claims (space-separated or repeated); scopes of other services in them are ignored.
/// Also turns a failed validation into a short reason that names no internals.
/// </summary>
public static class JwtCaller
{
    public static Caller From(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var name = principal.FindFirst("sub")?.Value ?? principal.FindFirst("client_id")?.Value
            ?? principal.FindFirst("azp")?.Value ?? principal.FindFirst("name")?.Value ?? "token";
        var scopes = new List<AccessScope>();
        foreach (var claim in principal.Claims)
        {
            if (claim.Type is not ("scope" or "scp"))
            {
                continue;
            }

            foreach (var text in claim.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (AccessScope.TryParse(text, out var scope, out _))
                {
                    scopes.Add(scope);
                }
            }
        }

        return new Caller(name, scopes);
    }

    /// <summary>Why a token was refused, for the 401.</summary>
    public static string Reason(Exception? failure) => failure switch
    {
        SecurityTokenExpiredException => "The bearer token has expired.",
        SecurityTokenNotYetValidException => "The bearer token is not valid yet.",
        SecurityTokenInvalidAudienceException => "The bearer token is for another audience.",
        SecurityTokenInvalidIssuerException => "The bearer token is from an issuer this server does not trust.",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "The bearer token's signature is not valid.",
        _ => "The bearer token is not valid.",
    };
}
