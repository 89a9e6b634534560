namespace CleanEventStore.Api.Security;

/// <summary>The configuration section <c>Auth</c> (validated at start by <see cref="AuthOptionsValidator"/>).</summary>
public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    /// <summary><c>None</c> (default), <c>ApiKey</c>, <c>Jwt</c>, or <c>ApiKey,Jwt</c>.</summary>
    public string Mode { get; set; } = "None";

    /// <summary>Allows <c>Mode=None</c> on an address that is not loopback (otherwise the server refuses to start).</summary>
    public bool AllowAnonymous { get; set; }

    public List<ApiKeyOptions> ApiKeys { get; set; } = [];

    public JwtOptions Jwt { get; set; } = new();

    /// <summary>The parsed <see cref="Mode"/>, or null when it is not one of the accepted values.</summary>
    public AuthMode? ParsedMode
    {
        get
        {
            var mode = AuthMode.None;
            foreach (var part in Mode.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (!Enum.TryParse<AuthMode>(part, ignoreCase: true, out var one) || !Enum.IsDefined(one))
                {
                    return null;
                }

                mode |= one;
            }

            return mode;
        }
    }
}
