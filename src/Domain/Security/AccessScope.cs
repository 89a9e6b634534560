namespace CleanEventStore.Domain.Security;

/// <summary>
/// One scope of an API key or a token, in one grammar for both: <c>read:&lt;pattern&gt;</c>, <c>write:&lt;pattern&gt;</c>,
/// <c>query</c>, <c>consumers</c> or <c>admin</c>. A pattern is a stream name, or a prefix ending in <c>*</c> (<c>orders-*</c>,
/// <c>*</c> for every stream).
/// </summary>
public readonly record struct AccessScope(AccessKind Kind, string? Pattern)
{
    public const string Query = "query";
    public const string Consumers = "consumers";
    public const string Admin = "admin";

    /// <summary>True when the pattern of this read or write scope covers <paramref name="stream"/>.</summary>
    public bool Covers(string stream) =>
        Pattern is { } pattern && (pattern[^1] == '*'
            ? stream.AsSpan().StartsWith(pattern.AsSpan(0, pattern.Length - 1), StringComparison.Ordinal)
            : string.Equals(stream, pattern, StringComparison.Ordinal));

    /// <summary>True when this read or write scope covers every stream whose name starts with <paramref name="prefix"/>.</summary>
    public bool CoversEveryNameStartingWith(string prefix) =>
        Pattern is { } pattern && pattern[^1] == '*' && prefix.AsSpan().StartsWith(pattern.AsSpan(0, pattern.Length - 1), StringComparison.Ordinal);

    public override string ToString() => Kind switch
    {
        AccessKind.Read => "read:" + Pattern,
        AccessKind.Write => "write:" + Pattern,
        AccessKind.Query => Query,
        AccessKind.Consumers => Consumers,
        _ => Admin,
    };

    /// <summary>Parses one scope; the error names what is wrong with it.</summary>
    public static bool TryParse(string? text, out AccessScope scope, out string? error)
    {
        scope = default;
        error = null;
        switch (text)
        {
            case Query:
                scope = new AccessScope(AccessKind.Query, null);
                return true;
            case Consumers:
                scope = new AccessScope(AccessKind.Consumers, null);
                return true;
            case Admin:
                scope = new AccessScope(AccessKind.Admin, null);
                return true;
        }

        var kind = text is null ? (AccessKind?)null
            : text.StartsWith("read:", StringComparison.Ordinal) ? AccessKind.Read
            : text.StartsWith("write:", StringComparison.Ordinal) ? AccessKind.Write
            : null;
        if (text is null || kind is null)
        {
            error = $"The scope \"{text}\" is unknown: use read:<pattern>, write:<pattern>, query, consumers or admin.";
            return false;
        }

        var pattern = text[(text.IndexOf(':', StringComparison.Ordinal) + 1)..];
        var prefix = pattern.EndsWith('*') ? pattern[..^1] : pattern;
        if (pattern.Length == 0 || prefix.Contains('*', StringComparison.Ordinal) || prefix.AsSpan().ContainsAnyExceptInRange((char)0x21, (char)0x7E))
        {
            error = $"The scope \"{text}\" has no valid pattern: a stream name, or a prefix ending in \"*\".";
            return false;
        }

        scope = new AccessScope(kind.Value, pattern);
        return true;
    }
}
