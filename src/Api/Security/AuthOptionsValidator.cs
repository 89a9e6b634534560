using System.Globalization;
using CleanEventStore.Domain.Security;
using Microsoft.Extensions.Options;

namespace CleanEventStore.Api.Security;

/// <summary>
/// Checks the <c>Auth</c> section at start (an invalid one fails the start with exit code 2): a known mode; with
/// <c>None</c>, loopback listen addresses only unless <c>AllowAnonymous</c>; with <c>ApiKey</c>, at least one key, each
/// with a unique name, exactly one of <c>Key</c> and <c>KeySha256</c> (64 hex digits) and valid scopes; with <c>Jwt</c>,
/// an audience and either an authority or a signing key of at least 32 bytes with an issuer.
/// </summary>
public sealed class AuthOptionsValidator(IConfiguration configuration) : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.ParsedMode is not { } mode)
        {
            return ValidateOptionsResult.Fail($"Auth:Mode \"{options.Mode}\" is unknown: use None, ApiKey, Jwt or ApiKey,Jwt.");
        }

        if (mode == AuthMode.None && !options.AllowAnonymous
            && ListenAddresses.Of(configuration).FirstOrDefault(address => !ListenAddresses.IsLoopback(address)) is { } open)
        {
            errors.Add($"Auth:Mode is None but the server would listen on {open}, which is not loopback: configure Auth:Mode (ApiKey or Jwt), or set Auth:AllowAnonymous=true to serve everyone without credentials.");
        }

        if (mode.HasFlag(AuthMode.ApiKey))
        {
            ValidateKeys(options.ApiKeys, errors);
        }

        if (mode.HasFlag(AuthMode.Jwt))
        {
            ValidateJwt(options.Jwt, errors);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateKeys(List<ApiKeyOptions> keys, List<string> errors)
    {
        if (keys.Count == 0)
        {
            errors.Add("Auth:Mode includes ApiKey but Auth:ApiKeys is empty.");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < keys.Count; i++)
        {
            var key = keys[i];
            var at = string.Create(CultureInfo.InvariantCulture, $"Auth:ApiKeys:{i}");
            if (string.IsNullOrWhiteSpace(key.Name) || !names.Add(key.Name))
            {
                errors.Add($"{at}:Name must be set and unique.");
            }

            var plain = !string.IsNullOrEmpty(key.Key);
            var hashed = !string.IsNullOrEmpty(key.KeySha256);
            if (plain == hashed)
            {
                errors.Add($"{at} needs exactly one of Key (plain) and KeySha256 (the hex SHA-256 of the key).");
            }
            else if (hashed && (key.KeySha256!.Length != 64 || !key.KeySha256.All(char.IsAsciiHexDigit)))
            {
                errors.Add($"{at}:KeySha256 must be 64 hex digits (the SHA-256 of the key).");
            }
            else if (plain && key.Key!.Length < 16)
            {
                errors.Add($"{at}:Key must be at least 16 characters long.");
            }

            for (var j = 0; j < key.Scopes.Count; j++)
            {
                if (!AccessScope.TryParse(key.Scopes[j], out _, out var error))
                {
                    errors.Add($"{at}:Scopes:{j.ToString(CultureInfo.InvariantCulture)}: {error}");
                }
            }
        }
    }

    private static void ValidateJwt(JwtOptions jwt, List<string> errors)
    {
        if (string.IsNullOrEmpty(jwt.Audience))
        {
            errors.Add("Auth:Jwt:Audience must be set.");
        }

        if (string.IsNullOrEmpty(jwt.Authority) == string.IsNullOrEmpty(jwt.SigningKey))
        {
            errors.Add("Auth:Jwt needs exactly one of Authority (an OpenID Connect issuer) and SigningKey (a shared secret).");
        }
        else if (!string.IsNullOrEmpty(jwt.SigningKey) && (System.Text.Encoding.UTF8.GetByteCount(jwt.SigningKey) < 32 || string.IsNullOrEmpty(jwt.Issuer)))
        {
            errors.Add("Auth:Jwt:SigningKey must be at least 32 bytes long and comes with Auth:Jwt:Issuer.");
        }
    }
}
