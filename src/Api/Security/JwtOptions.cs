namespace CleanEventStore.Api.Security;

/// <summary>
/// Bearer tokens (<c>Auth:Jwt</c>): from an OpenID Connect <see cref="Authority"/> (its signing keys are fetched from its
/// metadata), or signed with a symmetric <see cref="SigningKey"/> by a known <see cref="Issuer"/> (for tests and small
/// set-ups). <see cref="Audience"/> is required either way. Scopes come from the <c>scope</c> or <c>scp</c> claim.
/// </summary>
public sealed class JwtOptions
{
    public string? Authority { get; set; }

    public string? Audience { get; set; }

    public string? SigningKey { get; set; }

    public string? Issuer { get; set; }
}
