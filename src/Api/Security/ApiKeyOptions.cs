namespace CleanEventStore.Api.Security;

/// <summary>
/// One API key (<c>Auth:ApiKeys:{i}</c>): its <see cref="Name"/> (in the audit log and the per-key limits), the key itself
/// (<see cref="Key"/>, plain, for development) or the hex SHA-256 of it (<see cref="KeySha256"/>, for production), and
/// its <see cref="Scopes"/>.
/// </summary>
public sealed class ApiKeyOptions
{
    public string Name { get; set; } = string.Empty;

    public string? Key { get; set; }

    public string? KeySha256 { get; set; }

    public List<string> Scopes { get; set; } = [];
}
