using System.Globalization;
using CleanEventStore.Api.FunctionalTests.Support;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CleanEventStore.Api.FunctionalTests.Security;

/// <summary>
/// The Api with authentication: API keys (one per role of <see cref="Roles"/>, configured by their SHA-256 except one
/// plain key), or JWT bearer tokens signed with a shared key, or both. <see cref="Credential"/> gives the header a role
/// sends in the factory's mode: its API key, or a token with the same scopes.
/// </summary>
public class SecuredApiFactory : ApiFactory
{
    public const string Issuer = "ces-tests";
    public const string Audience = "clean-event-store";
    public const string SigningKey = "a-shared-secret-of-at-least-32-bytes-for-hs256";

    /// <summary>Roles and their scopes; "nobody" is a valid credential without any scope.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Roles = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["admin"] = ["admin"],
        ["reader"] = ["read:orders*"],
        ["writer"] = ["write:orders*", "read:orders*"],
        ["querier"] = ["query"],
        ["decider"] = ["write:orders*", "query"],
        ["consumer"] = ["consumers", "read:orders*"],
        ["lister"] = ["consumers", "query"],
        ["nobody"] = [],
    };

    public SecuredApiFactory(string mode)
    {
        Mode = mode;
        With("Auth:Mode", mode);
        var i = 0;
        foreach (var (role, scopes) in Roles)
        {
            var prefix = string.Create(CultureInfo.InvariantCulture, $"Auth:ApiKeys:{i++}");
            With(prefix + ":Name", role);
            if (role == "admin")
            {
                With(prefix + ":Key", KeyOf(role));
            }
            else
            {
                With(prefix + ":KeySha256", Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(KeyOf(role)))));
            }

            for (var j = 0; j < scopes.Length; j++)
            {
                With(string.Create(CultureInfo.InvariantCulture, $"{prefix}:Scopes:{j}"), scopes[j]);
            }
        }

        With("Auth:Jwt:Issuer", Issuer);
        With("Auth:Jwt:Audience", Audience);
        With("Auth:Jwt:SigningKey", SigningKey);
    }

    public string Mode { get; }

    public static string KeyOf(string role) => $"key-of-{role}-0123456789abcdef";

    /// <summary>The Authorization header value a role sends: its API key, or (in Jwt mode) a token with its scopes.</summary>
    public string Credential(string role) => Mode == "Jwt" ? "Bearer " + Token(role, Roles[role]) : "Bearer " + KeyOf(role);

    /// <summary>A credential of no configured key or trusted issuer: an unknown key, or a token signed with another key.</summary>
    public string UnknownCredential() => Mode == "Jwt" ? "Bearer " + Token("mallory", ["admin"], signingKey: "another-secret-of-at-least-32-bytes-for-hs256") : "Bearer key-nobody-configured-0123456789";

    public static string Token(
        string subject,
        IEnumerable<string> scopes,
        string signingKey = SigningKey,
        string audience = Audience,
        DateTime? expires = null,
        DateTime? notBefore = null)
    {
        var now = DateTime.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            IssuedAt = now.AddMinutes(-10),
            NotBefore = notBefore ?? now.AddMinutes(-10),
            Expires = expires ?? now.AddMinutes(30),
            Claims = new Dictionary<string, object> { ["sub"] = subject, ["scope"] = string.Join(' ', scopes) },
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(System.Text.Encoding.UTF8.GetBytes(signingKey)), SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }
}
