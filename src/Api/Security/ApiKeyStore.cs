using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using CleanEventStore.Domain.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace CleanEventStore.Api.Security;

/// <summary>
/// The configured API keys, held as SHA-256 digests (a plain <c>Key</c> is hashed at start and not kept). A presented
/// key is hashed and compared with every configured digest in constant time, without stopping at a match, so that
/// neither the comparison nor the position of the key in the configuration shows in the time a request takes. Each key's
/// authentication ticket is built once and shared by its requests (it is never mutated), so that an authenticated
/// request allocates no principal.
/// </summary>
public sealed class ApiKeyStore
{
    private readonly byte[][] _digests;
    private readonly AuthenticationTicket[] _tickets;

    public ApiKeyStore(IOptions<AuthOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var keys = options.Value.ApiKeys;
        _digests = new byte[keys.Count][];
        _tickets = new AuthenticationTicket[keys.Count];
        for (var i = 0; i < keys.Count; i++)
        {
            var key = keys[i];
            _digests[i] = key.KeySha256 is { Length: > 0 } hex ? Convert.FromHexString(hex) : SHA256.HashData(Encoding.UTF8.GetBytes(key.Key ?? string.Empty));
            var caller = new Caller(key.Name, [.. key.Scopes.Select(Parse)]);
            _tickets[i] = new AuthenticationTicket(new ClaimsPrincipal(new CallerIdentity(caller, AuthSchemes.ApiKey)), AuthSchemes.ApiKey);
        }
    }

    /// <summary>The ticket of <paramref name="key"/>, or null when no configured key matches.</summary>
    public AuthenticationTicket? Find(ReadOnlySpan<char> key)
    {
        Span<byte> utf8 = key.Length <= 256 ? stackalloc byte[Encoding.UTF8.GetMaxByteCount(key.Length)] : new byte[Encoding.UTF8.GetMaxByteCount(key.Length)];
        var length = Encoding.UTF8.GetBytes(key, utf8);
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(utf8[..length], digest);
        var found = -1;
        for (var i = 0; i < _digests.Length; i++)
        {
            var equal = CryptographicOperations.FixedTimeEquals(digest, _digests[i]);
            found = equal ? i : found;
        }

        return found < 0 ? null : _tickets[found];
    }

    private static AccessScope Parse(string text) =>
        AccessScope.TryParse(text, out var scope, out var error) ? scope : throw new OptionsValidationException(AuthOptions.SectionName, typeof(AuthOptions), [error!]);
}
