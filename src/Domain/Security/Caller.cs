namespace CleanEventStore.Domain.Security;

/// <summary>
/// Who sends a request: the name of its API key or the subject of its token, and what its scopes allow.
/// <see cref="Unrestricted"/> is the caller of a server without authentication (<c>Auth:Mode=None</c>), which may do
/// everything.
/// </summary>
public sealed class Caller
{
    private readonly AccessScope[] _scopes;
    private readonly bool _admin;
    private readonly bool _query;
    private readonly bool _consumers;

    public Caller(string name, IReadOnlyCollection<AccessScope> scopes)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        Name = name;
        _scopes = [.. scopes];
        foreach (var scope in _scopes)
        {
            _admin |= scope.Kind == AccessKind.Admin;
            _query |= scope.Kind == AccessKind.Query;
            _consumers |= scope.Kind == AccessKind.Consumers;
        }
    }

    /// <summary>The caller of a server without authentication: everything is allowed.</summary>
    public static Caller Unrestricted { get; } = new("anonymous", [new AccessScope(AccessKind.Admin, null)]);

    /// <summary>A request without credentials to a server with authentication (only the anonymous routes reach a use case).</summary>
    public static Caller Anonymous { get; } = new("anonymous", []);

    /// <summary>The API key's name or the token's subject (for the audit log and the per-caller limits).</summary>
    public string Name { get; }

    public IReadOnlyList<AccessScope> Scopes => _scopes;

    public bool IsAdmin => _admin;

    public bool HasQuery => _admin || _query;

    public bool HasConsumers => _admin || _consumers;

    public bool CanRead(string stream) => _admin || Covers(AccessKind.Read, stream);

    public bool CanWrite(string stream) => _admin || Covers(AccessKind.Write, stream);

    /// <summary>True when the caller may read every stream whose name starts with <paramref name="prefix"/> (a category's members).</summary>
    public bool CanReadEveryNameStartingWith(string prefix)
    {
        if (_admin)
        {
            return true;
        }

        foreach (var scope in _scopes)
        {
            if (scope.Kind == AccessKind.Read && scope.CoversEveryNameStartingWith(prefix))
            {
                return true;
            }
        }

        return false;
    }

    public override string ToString() => Name;

    private bool Covers(AccessKind kind, string stream)
    {
        foreach (var scope in _scopes)
        {
            if (scope.Kind == kind && scope.Covers(stream))
            {
                return true;
            }
        }

        return false;
    }
}
