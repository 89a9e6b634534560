namespace CleanEventStore.Api.Security;

/// <summary>The authentication schemes: a policy scheme that picks, per request, the API key or the JWT handler.</summary>
public static class AuthSchemes
{
    public const string Default = "CleanEventStore";
    public const string ApiKey = "ApiKey";
    public const string Jwt = "Jwt";
    public const string ApiKeyHeader = "X-Api-Key";

    /// <summary>
    /// The scheme of a request: <c>X-Api-Key</c> is an API key; a bearer credential that has the shape of a JWT (three
    /// dot-separated parts) is a token when tokens are on; any other bearer credential is an API key when keys are on.
    /// </summary>
    public static string Select(HttpContext context, AuthMode mode)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!mode.HasFlag(AuthMode.Jwt))
        {
            return ApiKey;
        }

        if (!mode.HasFlag(AuthMode.ApiKey))
        {
            return Jwt;
        }

        if (context.Request.Headers.ContainsKey(ApiKeyHeader))
        {
            return ApiKey;
        }

        var bearer = BearerCredential(context.Request);
        return bearer.Count('.') == 2 ? Jwt : ApiKey;
    }

    /// <summary>The credential of <c>Authorization: Bearer &lt;credential&gt;</c>, or empty.</summary>
    public static ReadOnlySpan<char> BearerCredential(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = request.Headers.Authorization;
        if (header.Count != 1 || header[0] is not { } value || !value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return default;
        }

        return value.AsSpan(7).Trim();
    }
}
