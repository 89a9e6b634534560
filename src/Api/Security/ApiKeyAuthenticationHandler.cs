using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace CleanEventStore.Api.Security;

/// <summary>
/// Authenticates <c>X-Api-Key: &lt;key&gt;</c> or <c>Authorization: Bearer &lt;key&gt;</c> against the <see cref="ApiKeyStore"/>.
/// No key: no result (the request is anonymous); an unknown key: a failure. Neither the key nor its digest is logged.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyStore keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string UnknownKey = "The API key is not known.";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        ReadOnlySpan<char> key = Request.Headers.TryGetValue(AuthSchemes.ApiKeyHeader, out var header) ? header.ToString() : AuthSchemes.BearerCredential(Request);
        if (key.IsEmpty)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        return Task.FromResult(keys.Find(key) is { } ticket ? AuthenticateResult.Success(ticket) : AuthenticateResult.Fail(UnknownKey));
    }
}
